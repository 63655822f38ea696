namespace Switchboard.Client.Models;

/// <summary>The tenant's webhook consumers.</summary>
public class WebhookConsumers
{
    /// <summary>The consumers (at most 50), oldest first.</summary>
    public IList<WebhookConsumer> Results { get; set; } = [];
}
