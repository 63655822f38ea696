namespace Switchboard.Client.Models;

/// <summary>One event for one consumer in the delivery log, with its latest attempt.</summary>
public class WebhookDelivery
{
    /// <summary>The delivery's identifier (a GUID), for retrying it.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The event's identifier, as sent in <c>webhook-id</c> and the body's <c>id</c>.</summary>
    public string EventId { get; set; } = string.Empty;

    /// <summary>The event type, for example <c>connection.created</c>.</summary>
    public string EventType { get; set; } = string.Empty;

    /// <summary><c>Pending</c> (waiting for its next attempt), <c>Succeeded</c> (a 2xx answer) or <c>Failed</c> (given up).</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>How many attempts were made.</summary>
    public int Attempts { get; set; }

    /// <summary>When the latest attempt was made.</summary>
    public DateTimeOffset? LastAttempt { get; set; }

    /// <summary>The status code of the latest attempt's answer, if one came.</summary>
    public int? StatusCode { get; set; }

    /// <summary>How long the latest attempt took, in milliseconds.</summary>
    public long? DurationMs { get; set; }

    /// <summary>What went wrong in the latest attempt.</summary>
    public string? Error { get; set; }

    /// <summary>The start of the consumer's answer (truncated).</summary>
    public string? ResponseBody { get; set; }

    /// <summary>When the next attempt is due, while pending.</summary>
    public DateTimeOffset? NextAttempt { get; set; }

    /// <summary>When the event was stored for this consumer.</summary>
    public DateTimeOffset? Created { get; set; }

    /// <summary>When the delivery succeeded or was given up.</summary>
    public DateTimeOffset? Completed { get; set; }
}
