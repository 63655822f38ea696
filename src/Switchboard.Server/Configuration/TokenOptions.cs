namespace Switchboard.Server.Configuration;

/// <summary>How OAuth 2.0 access tokens are kept fresh (<c>Switchboard:Tokens</c>).</summary>
public sealed class TokenOptions
{
    /// <summary>How long before an access token expires it is refreshed.</summary>
    public TimeSpan RefreshBefore { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How much earlier than <see cref="RefreshBefore"/> a refresh may be scheduled, at random per token set, so tokens
    /// issued together (a burst of links) come due spread over this window instead of in one poll. Never more than a
    /// quarter of the time the token has left before <see cref="RefreshBefore"/>; zero turns jitter off.
    /// </summary>
    public TimeSpan RefreshJitter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The most refreshes per second one node sends to one platform's token endpoint (a platform's own
    /// <c>Switchboard:Integrations:{key}:OAuth:MaxRefreshesPerSecond</c> overrides it). Per node: the cluster sends up to
    /// this times the number of nodes. Refreshes over it are put off, not failed; an <c>accessToken</c> call is never held back by it.
    /// </summary>
    public double MaxRefreshesPerSecond { get; set; } = 100;

    /// <summary>
    /// The most refreshes one node sends at once (each holds one while its platform answers). A node has up to four
    /// times as many, and at least 200, under way: found due and waiting for their platform's slot or a sending one.
    /// </summary>
    public int MaxConcurrentRefreshes { get; set; } = 48;

    /// <summary>
    /// The most of <see cref="MaxConcurrentRefreshes"/> one platform's refreshes hold: a platform that answers slowly or
    /// not at all holds no more while they wait, and the rest stay free for the other platforms.
    /// </summary>
    public int MaxConcurrentRefreshesPerPlatform { get; set; } = 32;

    /// <summary>How often each node looks for tokens due for refresh.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a call to a platform's token endpoint may take.</summary>
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long after a failed refresh (network, timeout, 5xx, 429) it is tried again; doubled for each further failure in a row.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between two tries of a failing refresh, a platform's <c>Retry-After</c> included.</summary>
    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a link's OAuth 2.0 state stays usable: the end user's time at the platform's consent page.</summary>
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromMinutes(15);
}
