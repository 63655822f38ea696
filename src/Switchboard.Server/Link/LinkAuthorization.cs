namespace Switchboard.Server.Link;

/// <summary>How the start page authorizes a connection of an integration (see <see cref="LinkAuthorizations"/>).</summary>
public enum LinkAuthorization
{
    /// <summary>Nothing to enter (sandboxes): one Connect button.</summary>
    None,

    /// <summary>A form of the integration's named authorization keys (an API key, a connector token).</summary>
    Credentials,

    /// <summary>The platform's own sign-in and consent (OAuth 2.0): the end user has nothing to type here.</summary>
    OAuth2,
}
