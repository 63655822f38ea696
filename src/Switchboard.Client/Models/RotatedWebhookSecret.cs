namespace Switchboard.Client.Models;

/// <summary>A consumer's new signing secret, and until when the previous one still signs alongside it.</summary>
public class RotatedWebhookSecret
{
    /// <summary>The new <c>whsec_</c> secret. It is not shown again.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>When the previous secret stops signing (24 hours after the rotation by default).</summary>
    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }
}
