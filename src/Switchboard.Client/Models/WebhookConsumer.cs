namespace Switchboard.Client.Models;

/// <summary>
/// A webhook consumer: an HTTP endpoint that receives the events it subscribes to, signed with its secret.
/// </summary>
public class WebhookConsumer
{
    /// <summary>The consumer's identifier (a GUID).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The URL the events are posted to.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>Whether the consumer is disabled (it then receives nothing). The server disables a consumer that answers 410 or fails for days.</summary>
    public bool? Disabled { get; set; }

    /// <summary>The event types it receives, for example <c>connection.connected</c>.</summary>
    public IList<string> EventTypes { get; set; } = [];

    /// <summary>Only events of companies with one of these tags (<c>tagKey:tagValue</c>) are sent; none: every company's.</summary>
    public IList<string>? CompanyTags { get; set; }

    /// <summary>The <c>whsec_</c> signing secret: present only in the answer that created the consumer. Keep it; it is not shown again.</summary>
    public string? Secret { get; set; }
}
