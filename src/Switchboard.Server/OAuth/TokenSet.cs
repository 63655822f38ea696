using System.Globalization;

namespace Switchboard.Server.OAuth;

/// <summary>
/// An OAuth 2.0 token set as Switchboard keeps it: sealed with the connection's credentials (the same encrypted map
/// <c>PUT …/authorization</c> writes, so imported tokens and obtained ones are one thing). Never logged, never shown
/// except through the <c>accessToken</c> extension.
/// </summary>
internal sealed record TokenSet(string AccessToken, string? RefreshToken, string TokenType, DateTime? ExpiresAt, string? Scopes)
{
    public const string AccessTokenKey = "accessToken";
    public const string RefreshTokenKey = "refreshToken";
    private const string TokenTypeKey = "tokenType";
    private const string ExpiresAtKey = "expiresAt";
    private const string ScopesKey = "scopes";

    /// <summary>The names shown in <c>connectionInfo</c>: what was supplied, never the values.</summary>
    public IReadOnlyList<string> KeyNames => RefreshToken is null ? [AccessTokenKey] : [AccessTokenKey, RefreshTokenKey];

    public Dictionary<string, string> ToCredentials()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal) { [AccessTokenKey] = AccessToken, [TokenTypeKey] = TokenType };
        if (RefreshToken is not null)
        {
            map[RefreshTokenKey] = RefreshToken;
        }

        if (ExpiresAt is { } expires)
        {
            map[ExpiresAtKey] = expires.Ticks.ToString(CultureInfo.InvariantCulture);
        }

        if (Scopes is not null)
        {
            map[ScopesKey] = Scopes;
        }

        return map;
    }

    /// <summary>The token set in a connection's credentials (obtained through the flow or imported); null when there is no access token.</summary>
    public static TokenSet? FromCredentials(IReadOnlyDictionary<string, string> credentials, DateTime? tokenExpires) =>
        credentials.TryGetValue(AccessTokenKey, out var access) && !string.IsNullOrEmpty(access)
            ? new TokenSet(
                access,
                credentials.TryGetValue(RefreshTokenKey, out var refresh) && !string.IsNullOrEmpty(refresh) ? refresh : null,
                credentials.GetValueOrDefault(TokenTypeKey) ?? "Bearer",
                tokenExpires ?? (credentials.TryGetValue(ExpiresAtKey, out var ticks) && long.TryParse(ticks, CultureInfo.InvariantCulture, out var t) ? new DateTime(t, DateTimeKind.Utc) : null),
                credentials.GetValueOrDefault(ScopesKey))
            : null;

    /// <summary>
    /// The set after a refresh: a response without a refresh token keeps the one held (many platforms never rotate),
    /// a rotated one replaces it; scopes likewise.
    /// </summary>
    public TokenSet After(TokenSet refreshed) => refreshed with
    {
        RefreshToken = refreshed.RefreshToken ?? RefreshToken,
        Scopes = refreshed.Scopes ?? Scopes,
    };

    // The token values must never reach a log or an exception message through ToString.
    public override string ToString() => $"TokenSet {{ TokenType = {TokenType}, ExpiresAt = {ExpiresAt:O} }}";
}
