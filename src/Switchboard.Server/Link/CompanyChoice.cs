namespace Switchboard.Server.Link;

/// <summary>A platform the company page offers (or shows as connected).</summary>
public sealed record CompanyChoice(string Key, string Name, string LogoUrl, bool Connected);
