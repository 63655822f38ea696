namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>What the test provider's token endpoint does instead of answering.</summary>
public enum OAuthProviderFault
{
    None,

    /// <summary>Answers 500 with <c>server_error</c>.</summary>
    ServerError,

    /// <summary>Never answers (until the caller gives up).</summary>
    Hang,
}
