using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="CompaniesClient.ListAsync"/>.
/// </summary>
public class ListCompaniesResponse : SwitchboardResponse
{
    /// <summary>The page of companies, with paging information and links.</summary>
    public required Companies Companies { get; init; }
}
