using Switchboard.Server.Connections;

namespace Switchboard.Server.OAuth;

/// <summary>
/// An authorization in progress: the connection the link opened, at the version the link found, when the state ends,
/// and the link URL's own query parameters (the tenant's custom redirect placeholders).
/// </summary>
internal sealed record PendingAuthorization(ConnectionKey Connection, long Version, DateTime Expires, IReadOnlyDictionary<string, string> Custom);
