namespace Switchboard.Client.Operations;

/// <summary>
/// The parameters of <see cref="IntegrationsClient.GetBrandingAsync"/>.
/// </summary>
public class GetIntegrationBrandingRequest
{
    /// <summary>The integration's platform key, for example <c>gbol</c>.</summary>
    public required string PlatformKey { get; set; }
}
