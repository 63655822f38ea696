namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="WebhooksClient.DeleteAsync"/>.
/// </summary>
public class DeleteWebhookConsumerResponse : SwitchboardResponse;
