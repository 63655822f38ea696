using Switchboard.Server.Connections;

namespace Switchboard.Server.Link;

/// <summary>
/// What a genuine link token says: the connection, its authorization version when the token was issued
/// (<see cref="ConnectionEntity.AuthorizationVersion"/>), its purpose and end.
/// </summary>
internal sealed record LinkClaims(ConnectionKey Connection, long AuthorizationVersion, LinkPurpose Purpose, DateTimeOffset ExpiresAt);
