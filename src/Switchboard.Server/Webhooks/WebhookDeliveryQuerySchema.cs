using Switchboard.Query;

namespace Switchboard.Server.Webhooks;

/// <summary>What <c>query</c> and <c>orderBy</c> may name on a consumer's deliveries: the wire fields, by their JSON names.</summary>
internal static class WebhookDeliveryQuerySchema
{
    public static readonly QuerySchema<WebhookDeliveryEntity> Instance = new QuerySchema<WebhookDeliveryEntity>("WebhookDelivery")
        .Property("id", d => d.Id)
        .Property("eventId", d => d.EventId)
        .Property("eventType", d => d.EventType)
        .Property("status", d => d.Status)
        .Property("attempts", d => d.Attempts)
        .Property("statusCode", d => d.StatusCode)
        .Property("lastAttempt", d => d.LastAttempt)
        .Property("nextAttempt", d => d.NextAttempt)
        .Property("created", d => d.Created)
        .Property("completed", d => d.Completed)
        .DefaultOrder("created", "id");
}
