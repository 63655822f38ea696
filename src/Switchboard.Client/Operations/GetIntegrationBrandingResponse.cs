using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="IntegrationsClient.GetBrandingAsync"/>.
/// </summary>
public class GetIntegrationBrandingResponse : SwitchboardResponse
{
    /// <summary>The integration's branding.</summary>
    public required Branding Branding { get; init; }
}
