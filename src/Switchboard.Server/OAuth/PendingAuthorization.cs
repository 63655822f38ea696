using Switchboard.Server.Connections;

namespace Switchboard.Server.OAuth;

/// <summary>
/// An authorization in progress: the connection the link opened, at the authorization version the link found
/// (<see cref="ConnectionEntity.AuthorizationVersion"/>), when the state ends, and the link URL's own query parameters
/// (the tenant's custom redirect placeholders).
/// </summary>
internal sealed record PendingAuthorization(ConnectionKey Connection, long AuthorizationVersion, DateTime Expires, IReadOnlyDictionary<string, string> Custom);
