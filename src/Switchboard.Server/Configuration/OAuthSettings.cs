namespace Switchboard.Server.Configuration;

/// <summary>
/// An integration's OAuth 2.0 client and endpoints (<c>Switchboard:Integrations:{key}:OAuth</c>). Endpoints default to
/// the built-in catalogue's; the client has no default.
/// </summary>
public sealed class OAuthSettings
{
    public string? AuthorizeUrl { get; set; }
    public string? TokenUrl { get; set; }
    public string? ClientId { get; set; }

    /// <summary>The client secret; or <see cref="ClientSecretFile"/> for secrets mounted as files.</summary>
    public string? ClientSecret { get; set; }

    public string? ClientSecretFile { get; set; }

    /// <summary>Scopes to ask for instead of the built-in defaults.</summary>
    public List<string>? Scopes { get; set; }

    /// <summary><c>basic</c> or <c>post</c>.</summary>
    public string? ClientAuthentication { get; set; }

    /// <summary>Further query parameters for the authorize URL.</summary>
    public Dictionary<string, string>? AuthorizeParameters { get; set; }

    /// <summary>
    /// Where the platform lists the tenants (organisations) an access token reaches, read once after the code exchange
    /// with the new token: Xero's connections endpoint. Their ids go to <c>connectionInfo</c> as <c>tenantIds</c>.
    /// </summary>
    public string? TenantsUrl { get; set; }

    /// <summary>This platform's refreshes per second per node, instead of <c>Switchboard:Tokens:MaxRefreshesPerSecond</c>.</summary>
    public double? MaxRefreshesPerSecond { get; set; }

    /// <summary>Whether the platform returns a new refresh token on each refresh (informational: a returned one is always kept).</summary>
    public bool? RotatesRefreshTokens { get; set; }
}
