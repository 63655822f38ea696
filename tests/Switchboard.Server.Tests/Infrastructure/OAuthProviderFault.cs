namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>What the test provider's token endpoint does instead of answering.</summary>
public enum OAuthProviderFault
{
    None,

    /// <summary>Answers 500 with <c>server_error</c>.</summary>
    ServerError,

    /// <summary>Never answers (until the caller gives up).</summary>
    Hang,

    /// <summary>Answers 429 with <c>Retry-After</c> (<see cref="OAuthProvider.RetryAfter"/>), as a rate-limited platform does.</summary>
    TooManyRequests,
}
