namespace Switchboard.Server.Integrations;

/// <summary>
/// A platform's OAuth 2.0 endpoints and the operator's client at it. The endpoints come from the built-in catalogue
/// (<see cref="BuiltInOAuth"/>) or configuration; the client (id and secret) only from configuration. Without a client
/// the integration cannot be linked through the page, but tokens can still be imported with <c>PUT …/authorization</c>.
/// <see cref="TenantsUrl"/>: where the platform lists the tenants a new access token reaches (Xero's connections endpoint).
/// </summary>
public sealed record OAuthDefinition(
    Uri? AuthorizeUrl,
    Uri? TokenUrl,
    IReadOnlyList<string> Scopes,
    IReadOnlyDictionary<string, string> ExtraAuthorizeParameters,
    ClientAuthentication ClientAuthentication,
    bool RotatesRefreshTokens,
    string? ClientId = null,
    string? ClientSecret = null,
    Uri? TenantsUrl = null)
{
    /// <summary>Whether the operator configured a client, so the page can send end users to the platform.</summary>
    public bool HasClient => AuthorizeUrl is not null && TokenUrl is not null && !string.IsNullOrEmpty(ClientId) && !string.IsNullOrEmpty(ClientSecret);
}
