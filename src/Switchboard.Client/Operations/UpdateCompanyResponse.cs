using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="CompaniesClient.UpdateAsync"/>.
/// </summary>
public class UpdateCompanyResponse : SwitchboardResponse
{
    /// <summary>The company as changed.</summary>
    public required Company Company { get; init; }
}
