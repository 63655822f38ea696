namespace Switchboard.Server.Connections;

/// <summary>Body of <c>POST /companies/{companyId}/connections</c>.</summary>
public sealed record CreateConnectionBody(string? PlatformKey);
