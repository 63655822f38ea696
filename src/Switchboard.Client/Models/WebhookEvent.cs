namespace Switchboard.Client.Models;

/// <summary>
/// An event as a consumer receives it: <see cref="CompanyWebhookEvent"/> for <c>company.*</c>,
/// <see cref="ConnectionWebhookEvent"/> for <c>connection.*</c>. Made by <see cref="WebhookVerifier"/>.
/// </summary>
public abstract class WebhookEvent
{
    /// <summary>The event's identifier (also its <c>webhook-id</c>): the same on every retry, so handlers can ignore repeats.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The event type, for example <c>connection.connected</c>.</summary>
    public string EventType { get; set; } = string.Empty;

    /// <summary>When the change that caused the event happened.</summary>
    public DateTimeOffset? GeneratedDate { get; set; }
}
