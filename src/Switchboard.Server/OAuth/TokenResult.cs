namespace Switchboard.Server.OAuth;

/// <summary>
/// What a token endpoint call gave: a token set, or a failure and a message safe to show and log (never a token or
/// code), with how long the platform asked to be left alone (<c>Retry-After</c>) when it said so.
/// </summary>
internal sealed record TokenResult(TokenSet? Tokens, TokenFailure Failure, string Message, TimeSpan? RetryAfter = null)
{
    public static TokenResult Failed(TokenFailure failure, string message, TimeSpan? retryAfter = null) => new(null, failure, message, retryAfter);
}
