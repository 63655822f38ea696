namespace Switchboard.Server.Webhooks;

/// <summary>The list of a tenant's consumers (OpenAPI <c>WebhookConsumer/definitions/webhookConsumers</c>).</summary>
public sealed record WebhookConsumerList(IReadOnlyList<WebhookConsumer> Results);
