using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="WebhooksClient.RetryDeliveryAsync"/>.
/// </summary>
public class RetryWebhookDeliveryResponse : SwitchboardResponse
{
    /// <summary>The delivery, pending again and due now.</summary>
    public required WebhookDelivery WebhookDelivery { get; init; }
}
