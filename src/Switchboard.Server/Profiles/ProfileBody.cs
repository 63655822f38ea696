namespace Switchboard.Server.Profiles;

/// <summary>The body of <c>PUT /profile</c>, which replaces the profile; an <c>apiKey</c> in it is ignored.</summary>
public sealed record ProfileBody(string? Name, string? LogoUrl, string? IconUrl, string? RedirectUrl, List<string>? WhiteListUrls, bool? ConfirmCompanyName);
