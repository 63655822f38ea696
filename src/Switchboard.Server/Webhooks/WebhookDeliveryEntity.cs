namespace Switchboard.Server.Webhooks;

/// <summary>One event for one consumer, with its latest attempt: the delivery log's row. Property names are its columns.</summary>
internal sealed class WebhookDeliveryEntity
{
    public Guid Id { get; set; }
    public Guid ConsumerId { get; set; }
    public Guid EventId { get; set; }
    public required string EventType { get; set; }
    public WebhookDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime? NextAttempt { get; set; }
    public DateTime? LastAttempt { get; set; }
    public int? StatusCode { get; set; }
    public long? DurationMs { get; set; }
    public string? Error { get; set; }
    public string? ResponseBody { get; set; }
    public DateTime Created { get; set; }
    public DateTime? Completed { get; set; }

    public WebhookDelivery ToWire() => new()
    {
        Id = Id,
        EventId = EventId,
        EventType = EventType,
        Status = Status,
        Attempts = Attempts,
        LastAttempt = LastAttempt,
        StatusCode = StatusCode,
        DurationMs = DurationMs,
        Error = Error,
        ResponseBody = ResponseBody,
        NextAttempt = Status == WebhookDeliveryStatus.Pending ? NextAttempt : null,
        Created = Created,
        Completed = Completed,
    };
}
