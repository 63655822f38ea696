namespace Switchboard.Server.OAuth;

/// <summary>The wire shape of the <c>accessToken</c> extension: a Linked OAuth2 connection's current access token.</summary>
public sealed record AccessToken
{
    [System.Text.Json.Serialization.JsonPropertyName("accessToken")]
    public required string Token { get; init; }
    public required string TokenType { get; init; }
    public DateTime? ExpiresAt { get; init; }
    public required IReadOnlyList<string> Scopes { get; init; }
    public IReadOnlyDictionary<string, string>? ConnectionInfo { get; init; }
}
