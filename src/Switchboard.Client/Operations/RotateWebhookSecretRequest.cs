namespace Switchboard.Client.Operations;

/// <summary>
/// The parameters of <see cref="WebhooksClient.RotateSecretAsync"/>.
/// </summary>
public class RotateWebhookSecretRequest
{
    /// <summary>The consumer's identifier.</summary>
    public required string WebhookId { get; set; }
}
