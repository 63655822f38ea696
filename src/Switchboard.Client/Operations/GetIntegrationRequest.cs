namespace Switchboard.Client.Operations;

/// <summary>
/// The parameters of <see cref="IntegrationsClient.GetAsync"/>.
/// </summary>
public class GetIntegrationRequest
{
    /// <summary>The integration's platform key, for example <c>gbol</c>.</summary>
    public required string PlatformKey { get; set; }
}
