namespace Switchboard.Server.Configuration;

/// <summary>
/// The proxies (load balancers, TLS terminators) whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed.
/// Empty (the default): forwarded headers are ignored, so no client can choose the address its rate limit is counted on.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>Proxy addresses, such as <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, such as <c>10.0.0.0/8</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool Any => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}
