namespace Switchboard.Server.Webhooks;

/// <summary>The body of a connection event (OpenAPI <c>ConnectionWebhook</c>).</summary>
public sealed record ConnectionWebhook(Guid Id, string EventType, DateTime GeneratedDate, ConnectionWebhookPayload Payload);
