namespace Switchboard.Server.Connections;

/// <summary>A connection's sealed credentials as read for re-encryption: the row, its version and the key that sealed them.</summary>
internal sealed record SealedRow(ConnectionKey Connection, long Version, string KeyId, byte[] Ciphertext);
