using Switchboard.Server.Connections;

namespace Switchboard.Server.Link;

/// <summary>What a genuine link token says: the connection, its version when the token was issued, its purpose and end.</summary>
internal sealed record LinkClaims(ConnectionKey Connection, long Version, LinkPurpose Purpose, DateTimeOffset ExpiresAt);
