using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Switchboard.Server.Json;

namespace Switchboard.Server.Credentials;

/// <summary>
/// Encrypts a connection's authorization map (and other secrets at rest: Data Protection's keys) with AES-256-GCM. Each ciphertext has a fresh random nonce and
/// is bound by associated data to its tenant, company and connection, so it cannot be copied to another row
/// and still decrypt. The stored blob is <c>nonce (12) | tag (16) | ciphertext</c>; the key id is stored beside it.
/// </summary>
public sealed class CredentialProtector(EncryptionKeyRing keys)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public string CurrentKeyId => keys.Current.Id;

    public byte[] Protect(IReadOnlyDictionary<string, string> credentials, CredentialScope scope)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>(credentials, StringComparer.Ordinal), WireJson.Context.DictionaryStringString);
        try
        {
            return Seal(plaintext, scope.AssociatedData());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Decrypts a blob made by <see cref="Protect"/> for the same scope, or throws <see cref="CryptographicException"/>.</summary>
    public Dictionary<string, string> Unprotect(byte[] blob, string keyId, CredentialScope scope)
    {
        var plaintext = Open(blob, keyId, scope.AssociatedData());
        try
        {
            return JsonSerializer.Deserialize(plaintext, WireJson.Context.DictionaryStringString) ?? [];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Encrypts <paramref name="plaintext"/> under the current key, bound to <paramref name="associatedData"/>.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, byte[] associatedData)
    {
        var blob = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = blob.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys.Current.Key, TagSize);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(NonceSize + TagSize), blob.AsSpan(NonceSize, TagSize), associatedData);
        return blob;
    }

    /// <summary>Decrypts a blob made by <see cref="Seal"/> with the same associated data, or throws <see cref="CryptographicException"/>.</summary>
    public byte[] Open(byte[] blob, string keyId, byte[] associatedData)
    {
        if (blob.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The stored ciphertext is truncated.");
        }

        var key = keys.Find(keyId) ?? throw new CryptographicException($"No encryption key with id '{keyId}' is configured.");
        var plaintext = new byte[blob.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key.Key, TagSize);
            aes.Decrypt(blob.AsSpan(0, NonceSize), blob.AsSpan(NonceSize + TagSize), blob.AsSpan(NonceSize, TagSize), plaintext, associatedData);
            return plaintext;
        }
        catch
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw;
        }
    }
}

/// <summary>The row a ciphertext belongs to; its bytes are the AES-GCM associated data.</summary>
public readonly record struct CredentialScope(Guid TenantId, Guid CompanyId, Guid ConnectionId)
{
    public byte[] AssociatedData() => Encoding.ASCII.GetBytes($"switchboard/credentials/v1|{TenantId:N}|{CompanyId:N}|{ConnectionId:N}");
}
