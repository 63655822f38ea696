namespace Switchboard.Server.Link;

/// <summary>A platform the company page offers (or shows as connected): its own logo, or else its monogram (<see cref="PlatformMonogram"/>).</summary>
public sealed record CompanyChoice(string Key, string Name, string? LogoUrl, string Initials, int Hue, bool Connected);
