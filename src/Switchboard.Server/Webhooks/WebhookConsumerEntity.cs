namespace Switchboard.Server.Webhooks;

/// <summary>A consumer as stored: its secrets sealed (<see cref="WebhookSecrets"/>), never in plain text.</summary>
internal sealed class WebhookConsumerEntity
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Url { get; set; }
    public bool Disabled { get; set; }
    public string? DisabledReason { get; set; }
    public List<string> EventTypes { get; set; } = [];
    public List<string> CompanyTags { get; set; } = [];
    public required string SecretKeyId { get; set; }
    public required byte[] Secret { get; set; }
    public string? PreviousSecretKeyId { get; set; }
    public byte[]? PreviousSecret { get; set; }
    public DateTime? PreviousSecretExpires { get; set; }
    public DateTime Created { get; set; }

    /// <summary>Whether an event of <paramref name="eventType"/> about a company with <paramref name="tags"/> goes to this consumer.</summary>
    public bool Wants(string eventType, IReadOnlyDictionary<string, string> tags) =>
        !Disabled
        && (EventTypes.Count == 0 || EventTypes.Contains(eventType, StringComparer.Ordinal))
        && (CompanyTags.Count == 0 || CompanyTags.Any(t => t.IndexOf(':', StringComparison.Ordinal) is var colon and > 0
            && tags.TryGetValue(t[..colon], out var value) && value == t[(colon + 1)..]));

    public WebhookConsumer ToWire(string? secret = null) => new()
    {
        Id = Id,
        Url = Url,
        Disabled = Disabled,
        EventTypes = EventTypes,
        CompanyTags = CompanyTags.Count == 0 ? null : CompanyTags,
        Secret = secret,
    };
}
