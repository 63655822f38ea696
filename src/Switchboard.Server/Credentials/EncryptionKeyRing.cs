using System.Security.Cryptography;

namespace Switchboard.Server.Credentials;

/// <summary>
/// The credential encryption keys: the current one encrypts, any listed one decrypts. A key's id is derived
/// from the key itself (a SHA-256 prefix), so every node given the same key agrees on its id.
/// </summary>
public sealed class EncryptionKeyRing
{
    public EncryptionKeyRing(byte[] current, IEnumerable<byte[]>? previous = null)
    {
        Current = new EncryptionKey(current);
        All = [Current, .. (previous ?? []).Select(k => new EncryptionKey(k))];
    }

    public EncryptionKey Current { get; }

    public IReadOnlyList<EncryptionKey> All { get; }

    public EncryptionKey? Find(string id) => All.FirstOrDefault(k => k.Id == id);
}

public sealed class EncryptionKey
{
    public const int SizeInBytes = 32;

    public EncryptionKey(byte[] key)
    {
        if (key.Length != SizeInBytes)
        {
            throw new ArgumentException($"An encryption key must be {SizeInBytes} bytes.", nameof(key));
        }

        Key = key;
        Id = Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));
    }

    public string Id { get; }

    public byte[] Key { get; }
}
