namespace Switchboard.Server.Health;

/// <summary>
/// Endpoint metadata: a probe that load balancers and orchestrators poll every few seconds. It is not rate limited,
/// and its requests are logged at Debug only, whatever they answer.
/// </summary>
public sealed class ProbeEndpoint
{
    public static ProbeEndpoint Instance { get; } = new();
}
