namespace Switchboard.Server.Connections;

/// <summary>An authorization map as stored: its ciphertext, the key that made it, and the names (never values) it held.</summary>
internal sealed record SealedCredentials(byte[] Ciphertext, string KeyId, IReadOnlyList<string> KeyNames);
