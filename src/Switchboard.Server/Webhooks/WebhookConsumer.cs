using Switchboard.Server.OpenApi;

namespace Switchboard.Server.Webhooks;

/// <summary>
/// The wire shape of a webhook consumer (OpenAPI <c>WebhookConsumer</c>). <see cref="Secret"/> (an extension) is
/// present only in the answer that creates the consumer: the signing secret is shown once.
/// </summary>
public sealed record WebhookConsumer
{
    public required Guid Id { get; init; }
    public required string Url { get; init; }
    public required bool Disabled { get; init; }
    public required IReadOnlyList<string> EventTypes { get; init; }
    public IReadOnlyList<string>? CompanyTags { get; init; }
    [SwitchboardExtension]
    public string? Secret { get; init; }
}
