using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.Server.Credentials;

/// <summary>
/// Decrypts a Data Protection key sealed by <see cref="DataProtectionKeyEncryptor"/>. Data Protection creates it by
/// the type name stored beside the key, through this constructor, so it takes what it needs from the services.
/// </summary>
public sealed class DataProtectionKeyDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var keyId = (string?)encryptedElement.Attribute(DataProtectionKeyEncryptor.KeyIdAttribute)
            ?? throw new CryptographicException("A stored Data Protection key names no encryption key.");
        var protector = services.GetRequiredService<CredentialProtector>();
        var plaintext = protector.Open(Convert.FromBase64String(encryptedElement.Value.Trim()), keyId, DataProtectionKeyEncryptor.AssociatedData);
        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
