namespace Switchboard.Server.Link;

/// <summary>Who is asking, as the end user sees it on every page: the tenant's profile name and logo.</summary>
public sealed record LinkBrand(string Name, string? LogoUrl);
