using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="IntegrationsClient.GetAsync"/>.
/// </summary>
public class GetIntegrationResponse : SwitchboardResponse
{
    /// <summary>The integration.</summary>
    public required Integration Integration { get; init; }
}
