using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="WebhooksClient.CreateAsync"/>.
/// </summary>
public class CreateWebhookConsumerResponse : SwitchboardResponse
{
    /// <summary>The new consumer, with its signing secret (shown only here).</summary>
    public required WebhookConsumer WebhookConsumer { get; init; }
}
