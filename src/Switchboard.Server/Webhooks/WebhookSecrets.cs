using System.Security.Cryptography;
using Switchboard.Server.Credentials;

namespace Switchboard.Server.Webhooks;

/// <summary>
/// Consumers' signing secrets: made here (<c>whsec_</c> and 24 random bytes in base64, as Svix makes them), stored
/// encrypted with the credentials key (they must be usable to sign, so they cannot be hashed), bound to their consumer.
/// </summary>
internal sealed class WebhookSecrets(CredentialProtector protector)
{
    public const string Prefix = "whsec_";
    private const string Entry = "whsec";

    public string CurrentKeyId => protector.CurrentKeyId;

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    public byte[] Seal(Guid tenant, Guid consumer, string secret) =>
        protector.Protect(new Dictionary<string, string> { [Entry] = secret }, Scope(tenant, consumer));

    public string Unseal(Guid tenant, Guid consumer, byte[] sealedSecret, string keyId) =>
        protector.Unprotect(sealedSecret, keyId, Scope(tenant, consumer))[Entry];

    // Company id empty: no connection's credentials have that scope, so a sealed secret never opens as credentials.
    private static CredentialScope Scope(Guid tenant, Guid consumer) => new(tenant, Guid.Empty, consumer);
}
