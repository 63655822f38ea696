namespace Switchboard.Client.Models;

/// <summary>A page of a consumer's delivery log.</summary>
public class WebhookDeliveries : PagingInfo
{
    /// <summary>The deliveries on this page.</summary>
    public IList<WebhookDelivery> Results { get; set; } = [];
}
