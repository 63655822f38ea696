using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="IntegrationsClient.ListAsync"/>.
/// </summary>
public class ListIntegrationsResponse : SwitchboardResponse
{
    /// <summary>The page of integrations, with paging information and links.</summary>
    public required Integrations Integrations { get; init; }
}
