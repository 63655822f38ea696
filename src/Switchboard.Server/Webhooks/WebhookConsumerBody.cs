namespace Switchboard.Server.Webhooks;

/// <summary>The body that creates a webhook consumer (OpenAPI <c>WebhookConsumer/definitions/webhookConsumerPrototype</c>).</summary>
public sealed record WebhookConsumerBody(string? Url, bool? Disabled, IReadOnlyList<string>? EventTypes, IReadOnlyList<string>? CompanyTags);
