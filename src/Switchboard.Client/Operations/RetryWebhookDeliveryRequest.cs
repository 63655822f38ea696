namespace Switchboard.Client.Operations;

/// <summary>
/// The parameters of <see cref="WebhooksClient.RetryDeliveryAsync"/>.
/// </summary>
public class RetryWebhookDeliveryRequest
{
    /// <summary>The consumer's identifier.</summary>
    public required string WebhookId { get; set; }

    /// <summary>The delivery's identifier (from the delivery log).</summary>
    public required string DeliveryId { get; set; }
}
