using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="CompaniesClient.ReplaceAsync"/>.
/// </summary>
public class ReplaceCompanyResponse : SwitchboardResponse
{
    /// <summary>The company as replaced.</summary>
    public required Company Company { get; init; }
}
