namespace Switchboard.Client.Operations;

/// <summary>
/// The parameters of <see cref="WebhooksClient.ListDeliveriesAsync"/>: the consumer, and the page, query and order.
/// </summary>
public class ListWebhookDeliveriesRequest : ListRequest
{
    /// <summary>The consumer's identifier.</summary>
    public required string WebhookId { get; set; }
}
