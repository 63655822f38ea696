using Microsoft.Extensions.Hosting;

namespace Switchboard.Server.Configuration;

/// <summary>Webhook delivery: who may be called, how often it is retried, how long its log is kept.</summary>
public sealed class WebhookOptions
{
    /// <summary>The delays before each attempt of a delivery, the first one included: about Codat's schedule.</summary>
    public static readonly TimeSpan[] DefaultRetryDelays =
    [
        TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>Whether consumer URLs may reach loopback, link-local, private or unique-local addresses; unset: in Development only.</summary>
    public bool? AllowPrivateNetworks { get; set; }

    /// <summary>Delays before each attempt (<see cref="DefaultRetryDelays"/> when unset); after the last one the delivery fails.</summary>
    public TimeSpan[]? RetryDelays { get; set; }

    /// <summary>How long one attempt may take, connection and response included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A node's claim on a delivery lasts <see cref="Timeout"/> plus this: if the node dies mid-send, another node sends
    /// the delivery again once the claim has run out. Long enough to record an attempt after its answer.
    /// </summary>
    public TimeSpan LeaseMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each node looks for due deliveries when nothing woke it (a change on this node wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A consumer failing for this long without one success is disabled.</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>How long finished deliveries (and events no delivery needs) are kept in the delivery log.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long the previous secret keeps signing after a rotation.</summary>
    public TimeSpan SecretOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Deliveries a node claims at a time, and sends at once.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>How much of a consumer's response body the delivery log keeps, in characters.</summary>
    public int MaxResponseBodyLength { get; set; } = 1024;

    public bool PrivateNetworksAllowed(IHostEnvironment environment) => AllowPrivateNetworks ?? environment.IsDevelopment();

    public IReadOnlyList<TimeSpan> Delays => RetryDelays is { Length: > 0 } delays ? delays : DefaultRetryDelays;
}
