using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="WebhooksClient.RotateSecretAsync"/>.
/// </summary>
public class RotateWebhookSecretResponse : SwitchboardResponse
{
    /// <summary>The new secret, and until when the previous one still signs.</summary>
    public required RotatedWebhookSecret RotatedWebhookSecret { get; init; }
}
