namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>How a test's OAuth 2.0 provider behaves: token lifetimes and whether refresh tokens rotate.</summary>
public sealed record OAuthProviderOptions
{
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The lifetime of the access token a code exchange issues, when it differs from later (refreshed) ones.</summary>
    public TimeSpan? FirstAccessTokenLifetime { get; init; }

    /// <summary>A new refresh token with every refresh (the old one spent), or one refresh token for the grant's life.</summary>
    public bool RotateRefreshTokens { get; init; } = true;

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
