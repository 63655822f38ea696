namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>How a test's OAuth 2.0 provider behaves: token lifetimes and what a refresh answers.</summary>
public sealed record OAuthProviderOptions
{
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The lifetime of the access token a code exchange issues, when it differs from later (refreshed) ones.</summary>
    public TimeSpan? FirstAccessTokenLifetime { get; init; }

    /// <summary>What a refresh's answer carries: a rotated refresh token, a reissued one, or none.</summary>
    public RefreshTokenMode RefreshTokens { get; init; } = RefreshTokenMode.Rotate;

    /// <summary>How the client authenticates at the token endpoint, as Switchboard is configured: basic or post.</summary>
    public string ClientAuthentication { get; init; } = "basic";

    /// <summary>
    /// The company the user chose, appended to the authorization redirect as <c>realmId</c> (as Intuit does for
    /// QuickBooks Online); none by default.
    /// </summary>
    public string? RealmId { get; init; }

    /// <summary>The secret of Switchboard's client at the provider; a fresh random one by default.</summary>
    public string? ClientSecret { get; init; }

    /// <summary>
    /// Asks the user with a consent page (Allow / Deny), as a platform does in a browser, instead of consenting at
    /// once; the browser tests use it.
    /// </summary>
    public bool ConsentPage { get; init; }
}
