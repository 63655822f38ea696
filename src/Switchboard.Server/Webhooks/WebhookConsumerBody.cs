namespace Switchboard.Server.Webhooks;

/// <summary>The body that creates a webhook consumer (OpenAPI <c>WebhookConsumer/definitions/webhookConsumerPrototype</c>).</summary>
public sealed record WebhookConsumerBody(
    string? Url = null, bool? Disabled = null, IReadOnlyList<string>? EventTypes = null, IReadOnlyList<string>? CompanyTags = null);
