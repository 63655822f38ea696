namespace Switchboard.Server.Profiles;

/// <summary>
/// The wire shape of a tenant's profile (OpenAPI <c>Profile</c>): the name and logo its end users see on the Link
/// pages and the URL they are sent to afterwards. The deprecated <c>apiKey</c> is never returned.
/// </summary>
public sealed record Profile
{
    public required string Name { get; init; }
    public string? LogoUrl { get; init; }
    public string? IconUrl { get; init; }
    public required string RedirectUrl { get; init; }
    /// <summary>Not required, as in Codat's schema: this type is also the documented body of <c>PUT /profile</c>, where it may be left out.</summary>
    public IReadOnlyList<string> WhiteListUrls { get; init; } = [];
    public bool ConfirmCompanyName { get; init; }
}
