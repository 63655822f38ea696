using System.Security.Cryptography;
using System.Text;
using Switchboard.Server.Credentials;

namespace Switchboard.Server.OAuth;

/// <summary>
/// The keys that sign OAuth 2.0 states and derive PKCE verifiers, each derived one way (HKDF) from the credentials
/// encryption key, so every node that shares that key checks the same states with no extra secret to configure.
/// </summary>
internal sealed class OAuthKeys(EncryptionKeyRing encryptionKeys)
{
    public byte[] State { get; } = Derive(encryptionKeys, "switchboard/oauth-state/v1");

    public byte[] Verifier { get; } = Derive(encryptionKeys, "switchboard/oauth-pkce-verifier/v1");

    private static byte[] Derive(EncryptionKeyRing keys, string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, keys.Current.Key, 32, info: Encoding.ASCII.GetBytes(purpose));
}
