namespace Switchboard.Server.Webhooks;

/// <summary>The wire shape of a delivery (a Switchboard extension): an event for a consumer and its latest attempt.</summary>
public sealed record WebhookDelivery
{
    public required Guid Id { get; init; }
    public required Guid EventId { get; init; }
    public required string EventType { get; init; }
    public required WebhookDeliveryStatus Status { get; init; }
    public required int Attempts { get; init; }
    public DateTime? LastAttempt { get; init; }
    public int? StatusCode { get; init; }
    public long? DurationMs { get; init; }
    public string? Error { get; init; }
    public string? ResponseBody { get; init; }
    public DateTime? NextAttempt { get; init; }
    public required DateTime Created { get; init; }
    public DateTime? Completed { get; init; }
}
