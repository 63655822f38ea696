using Switchboard.Server.Integrations;

namespace Switchboard.Server.Link;

/// <summary>
/// Decides how an integration is authorized through the pages, until the catalogue declares each integration's
/// authorization scheme: an OAuth token pair is what the platform's own consent yields (no end user can type one),
/// no keys is a sandbox's single Connect button, and any other keys are a form.
/// </summary>
internal static class LinkAuthorizations
{
    private static readonly string[] OAuthTokenPair = ["accessToken", "refreshToken"];

    public static LinkAuthorization Of(IntegrationDefinition integration) =>
        integration.AuthorizationKeys.Count == 0 ? LinkAuthorization.None
        : integration.AuthorizationKeys.Order(StringComparer.Ordinal).SequenceEqual(OAuthTokenPair) ? LinkAuthorization.OAuth2
        : LinkAuthorization.Credentials;
}
