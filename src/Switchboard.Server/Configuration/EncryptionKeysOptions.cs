namespace Switchboard.Server.Configuration;

/// <summary>Previous credentials encryption keys (<c>Switchboard:EncryptionKeys</c>), for key rotation.</summary>
public sealed class EncryptionKeysOptions
{
    /// <summary>
    /// Base64 keys that encrypted stored credentials before the current one (<c>Switchboard__EncryptionKeys__Previous__0…</c>).
    /// They only decrypt; once <c>credentials reencrypt</c> has run, nothing needs them and they can be removed.
    /// </summary>
    public List<string> Previous { get; set; } = [];
}
