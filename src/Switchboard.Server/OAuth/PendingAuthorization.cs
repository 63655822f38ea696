using Switchboard.Server.Connections;

namespace Switchboard.Server.OAuth;

/// <summary>An authorization in progress: the connection the link opened, at the version the link found, and when the state ends.</summary>
internal sealed record PendingAuthorization(ConnectionKey Connection, long Version, DateTime Expires);
