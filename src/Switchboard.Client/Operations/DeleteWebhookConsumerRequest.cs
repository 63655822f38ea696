namespace Switchboard.Client.Operations;

/// <summary>
/// The parameters of <see cref="WebhooksClient.DeleteAsync"/>.
/// </summary>
public class DeleteWebhookConsumerRequest
{
    /// <summary>The consumer's identifier.</summary>
    public required string WebhookId { get; set; }
}
