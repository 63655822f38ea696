using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="CompaniesClient.GetAsync"/>.
/// </summary>
public class GetCompanyResponse : SwitchboardResponse
{
    /// <summary>The company, with its connections.</summary>
    public required Company Company { get; init; }
}
