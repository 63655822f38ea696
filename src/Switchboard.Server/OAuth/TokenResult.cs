namespace Switchboard.Server.OAuth;

/// <summary>What a token endpoint call gave: a token set, or a failure and a message safe to show and log (never a token or code).</summary>
internal sealed record TokenResult(TokenSet? Tokens, TokenFailure Failure, string Message)
{
    public static TokenResult Failed(TokenFailure failure, string message) => new(null, failure, message);
}
