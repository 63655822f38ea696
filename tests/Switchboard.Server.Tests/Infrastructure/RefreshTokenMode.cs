namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>What the test provider's answer to a refresh carries, as platforms differ.</summary>
public enum RefreshTokenMode
{
    /// <summary>A new refresh token, the one presented spent (refused if presented again): OpenIddict's rolling tokens.</summary>
    Rotate,

    /// <summary>A new refresh token, the one presented still valid until it expires.</summary>
    Reissue,

    /// <summary>
    /// No <c>refresh_token</c> at all (RFC 6749 §6 leaves it optional): the client must keep the one it holds, which stays
    /// valid. The bug this catches: a client that stores the answer as it is, erasing its refresh token.
    /// </summary>
    Omit,
}
