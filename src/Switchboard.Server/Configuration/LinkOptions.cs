namespace Switchboard.Server.Configuration;

/// <summary>The signed links end users open (<c>Switchboard:Link</c>).</summary>
public sealed class LinkOptions
{
    /// <summary>
    /// Base64 of the key (at least 32 bytes) that signs link tokens. Unset: derived from the credentials encryption key
    /// (HKDF), so every node that shares the encryption key signs and checks the same links with no extra secret.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>A file holding the base64 signing key (for secrets mounted as files).</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>How long a link stays valid after it is issued.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(7);
}
