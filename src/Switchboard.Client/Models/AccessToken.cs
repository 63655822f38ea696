namespace Switchboard.Client.Models;

/// <summary>
/// A Linked OAuth 2.0 connection's current access token (a Switchboard extension, not part of Codat's API): what to
/// call the platform's API with. It is a secret: keep it out of logs.
/// </summary>
public class AccessToken
{
    /// <summary>The access token, for an <c>Authorization: {TokenType} {Token}</c> header at the platform.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("accessToken")]
    public string? Token { get; set; }

    /// <summary>The token's type, usually <c>Bearer</c>.</summary>
    public string? TokenType { get; set; }

    /// <summary>When the token expires; Switchboard refreshes it first when it would expire within 60 seconds.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>The scopes the platform granted.</summary>
    public IList<string>? Scopes { get; set; }

    /// <summary>Non-secret facts about the connection's authorization (a QuickBooks <c>realmId</c>, Xero's <c>tenantIds</c>…), all strings.</summary>
    public IDictionary<string, string>? ConnectionInfo { get; set; }

    /// <summary>Never shows the token itself.</summary>
    public override string ToString() => $"AccessToken {{ TokenType = {TokenType}, ExpiresAt = {ExpiresAt:O} }}";
}
