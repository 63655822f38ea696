namespace Switchboard.Server.Connections;

/// <summary>
/// Body of <c>PATCH /companies/{companyId}/connections/{connectionId}</c>. Status is read as text so an unknown
/// value gets a message naming it rather than a generic JSON error; absent means <c>Unlinked</c>.
/// </summary>
public sealed record UpdateConnectionStatusBody(string? Status);
