using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="WebhooksClient.ListDeliveriesAsync"/>.
/// </summary>
public class ListWebhookDeliveriesResponse : SwitchboardResponse
{
    /// <summary>The page of deliveries, with paging information and links.</summary>
    public required WebhookDeliveries WebhookDeliveries { get; init; }
}
