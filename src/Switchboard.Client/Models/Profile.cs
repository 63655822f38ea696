namespace Switchboard.Client.Models;

/// <summary>
/// The tenant's profile (Codat's <c>Profile</c>): the name and logo its end users see on the Link pages, and where
/// they are sent when a link ends.
/// </summary>
public class Profile
{
    /// <summary>The name end users see on the Link pages (at most 200 characters).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>An absolute https URL of the logo shown on the Link pages.</summary>
    public string? LogoUrl { get; set; }

    /// <summary>An absolute https URL of a small icon.</summary>
    public string? IconUrl { get; set; }

    /// <summary>
    /// Where end users go when a link ends, with Codat's placeholders (<c>{companyId}</c>, <c>{connectionId}</c>,
    /// <c>{statusCode}</c>, …) filled in; empty for the server's result page (or its <c>Switchboard__LinkRedirectUrl</c>).
    /// </summary>
    public string RedirectUrl { get; set; } = string.Empty;

    /// <summary>The URLs (or origins) the redirect URL may point to.</summary>
    public IList<string>? WhiteListUrls { get; set; }

    /// <summary>Whether end users are asked to confirm the company's name.</summary>
    public bool? ConfirmCompanyName { get; set; }
}
