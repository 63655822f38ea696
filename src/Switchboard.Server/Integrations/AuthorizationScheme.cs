namespace Switchboard.Server.Integrations;

/// <summary>How a company's end user authorizes a connection to an integration through its link.</summary>
public enum AuthorizationScheme
{
    /// <summary>The platform's own consent: OAuth 2.0 authorization code with PKCE S256.</summary>
    OAuth2,

    /// <summary>A form of named fields (an API key, a desktop connector token…).</summary>
    Credentials,

    /// <summary>Nothing to enter: sandboxes and test platforms, one Connect button.</summary>
    None,
}
