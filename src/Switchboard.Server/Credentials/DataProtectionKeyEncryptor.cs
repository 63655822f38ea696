using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Switchboard.Server.Credentials;

/// <summary>
/// Encrypts the secret part of each ASP.NET Core Data Protection key (the element holding its master key)
/// with the credentials encryption key before the key is stored in the shared database, so the database alone never
/// yields the keys behind the Link pages' antiforgery tokens. <see cref="DataProtectionKeyDecryptor"/> reverses it.
/// </summary>
internal sealed class DataProtectionKeyEncryptor(CredentialProtector protector) : IXmlEncryptor
{
    internal const string ElementName = "switchboardEncrypted";
    internal const string KeyIdAttribute = "keyId";

    // Binds each ciphertext to its use, so a sealed credential map cannot pass for a key, nor the other way round.
    internal static readonly byte[] AssociatedData = Encoding.ASCII.GetBytes("switchboard/data-protection-key/v1");

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedKey = protector.Seal(plaintext, AssociatedData);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
        return new EncryptedXmlInfo(Sealed(sealedKey, protector.CurrentKeyId), typeof(DataProtectionKeyDecryptor));
    }

    /// <summary>The stored form of a sealed key: what <see cref="DataProtectionKeyDecryptor"/> reads.</summary>
    internal static XElement Sealed(byte[] sealedKey, string keyId) => new(
        ElementName,
        new XComment(" Encrypted with Switchboard's credentials encryption key (AES-256-GCM). "),
        new XAttribute(KeyIdAttribute, keyId),
        Convert.ToBase64String(sealedKey));
}
