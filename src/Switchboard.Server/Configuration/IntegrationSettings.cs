namespace Switchboard.Server.Configuration;

/// <summary>
/// An operator's entry for one integration: overrides the built-in one with the same key, or adds a new one.
/// Unset properties keep the built-in value.
/// </summary>
public sealed class IntegrationSettings
{
    public string? Name { get; set; }
    public string? SourceType { get; set; }
    public bool? Enabled { get; set; }
    public bool? IsOfflineConnector { get; set; }
    public bool? IsBeta { get; set; }
    public string? DataProvidedBy { get; set; }
    public string? LogoUrl { get; set; }

    /// <summary>The authorization keys that update authorization must supply. Empty list: none.</summary>
    public List<string>? AuthorizationKeys { get; set; }

    /// <summary><c>OAuth2</c>, <c>Credentials</c> or <c>None</c>.</summary>
    public string? AuthorizationScheme { get; set; }

    /// <summary>The OAuth 2.0 client and endpoints of an <c>OAuth2</c> integration.</summary>
    public OAuthSettings? OAuth { get; set; }
}
