using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="WebhooksClient.ListAsync"/>.
/// </summary>
public class ListWebhookConsumersResponse : SwitchboardResponse
{
    /// <summary>The tenant's consumers.</summary>
    public required WebhookConsumers WebhookConsumers { get; init; }
}
