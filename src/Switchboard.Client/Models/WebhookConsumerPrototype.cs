namespace Switchboard.Client.Models;

/// <summary>A webhook consumer to create.</summary>
public class WebhookConsumerPrototype
{
    /// <summary>The absolute http or https URL the events are posted to.</summary>
    public string? Url { get; set; }

    /// <summary>Creates the consumer disabled.</summary>
    public bool? Disabled { get; set; }

    /// <summary>The event types to receive (at least one), for example <c>connection.connected</c>.</summary>
    public IList<string>? EventTypes { get; set; }

    /// <summary>Receive only events of companies with one of these tags (<c>tagKey:tagValue</c>, at most 10).</summary>
    public IList<string>? CompanyTags { get; set; }
}
