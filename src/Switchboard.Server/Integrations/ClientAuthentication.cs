namespace Switchboard.Server.Integrations;

/// <summary>How the client proves itself at a platform's token endpoint (RFC 6749 §2.3.1).</summary>
public enum ClientAuthentication
{
    /// <summary>HTTP Basic with the client id and secret (<c>client_secret_basic</c>).</summary>
    Basic,

    /// <summary><c>client_id</c> and <c>client_secret</c> in the form body (<c>client_secret_post</c>).</summary>
    Post,
}
