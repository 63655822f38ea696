namespace Switchboard.Server.Webhooks;

/// <summary>A delivery this node has claimed, with what sending it needs: the event's body and the consumer's URL and sealed secrets,
/// and its queue within the consumer's (<see cref="OrderKey"/>: the company).</summary>
internal sealed record ClaimedDelivery(
    Guid Id,
    Guid TenantId,
    Guid ConsumerId,
    Guid EventId,
    string EventType,
    int Attempts,
    string Body,
    string Url,
    string SecretKeyId,
    byte[] Secret,
    string? PreviousSecretKeyId,
    byte[]? PreviousSecret,
    DateTime? PreviousSecretExpires,
    string OrderKey);
