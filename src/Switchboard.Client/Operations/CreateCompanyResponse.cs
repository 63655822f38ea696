using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="CompaniesClient.CreateAsync"/>.
/// </summary>
public class CreateCompanyResponse : SwitchboardResponse
{
    /// <summary>The new company.</summary>
    public required Company Company { get; init; }
}
