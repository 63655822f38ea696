namespace Switchboard.Server.Webhooks;

/// <summary>What an attempt did: its status (Pending again means retry at <see cref="NextAttempt"/>) and what the log keeps.</summary>
internal sealed record DeliveryOutcome(
    WebhookDeliveryStatus Status,
    DateTime Attempted,
    int? StatusCode,
    long DurationMs,
    string? Error,
    string? ResponseBody,
    DateTime? NextAttempt);
