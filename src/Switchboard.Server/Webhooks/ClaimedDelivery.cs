namespace Switchboard.Server.Webhooks;

/// <summary>A delivery this node has claimed, with what sending it needs: the event's body and the consumer's URL and sealed secrets.</summary>
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
    DateTime? PreviousSecretExpires);
