namespace Switchboard.Server.Webhooks;

/// <summary>
/// What an attempt did: its status (Pending again means retry at <see cref="NextAttempt"/>) and what the log keeps;
/// <see cref="Attempted"/> is when it began.
/// </summary>
internal sealed record DeliveryOutcome(
    WebhookDeliveryStatus Status,
    DateTime Attempted,
    int? StatusCode,
    long DurationMs,
    string? Error,
    string? ResponseBody,
    DateTime? NextAttempt)
{
    /// <summary>When the attempt ended (a failed delivery's completion; a retry's delay counts from here).</summary>
    public DateTime Ended => Attempted.AddMilliseconds(DurationMs);
}
