using Microsoft.AspNetCore.Http;

namespace Switchboard.Server.Health;

/// <summary>
/// Endpoint metadata: a probe that load balancers and orchestrators poll every few seconds. It is not rate limited,
/// needs no API key (one sent is not looked up), and its requests are logged at Debug only, whatever they answer.
/// </summary>
public sealed class ProbeEndpoint
{
    public static ProbeEndpoint Instance { get; } = new();

    /// <summary>Whether <paramref name="endpoint"/> is a probe.</summary>
    public static bool Is(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<ProbeEndpoint>() is not null;

    /// <summary>Whether the request was routed to a probe.</summary>
    public static bool Is(HttpContext context) => Is(context.GetEndpoint());
}
