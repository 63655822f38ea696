namespace Switchboard.Client.Models;

/// <summary>
/// <c>connection.created</c>, <c>.connected</c>, <c>.reconnected</c>, <c>.disconnected</c>, <c>.failed</c> or
/// <c>.deleted</c>: the connection as reading it showed it right after the change, and its company.
/// </summary>
public class ConnectionWebhookEvent : WebhookEvent
{
    /// <summary>The company and the connection.</summary>
    public ConnectionWebhookPayload? Payload { get; set; }
}
