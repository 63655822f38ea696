using System.Collections.Concurrent;

namespace Switchboard.Server.OAuth;

/// <summary>
/// Platforms that asked this node to wait: a token endpoint's <c>Retry-After</c> (with a 429 or a 503) is addressed to
/// the client app, not to the one connection whose refresh met it. Until the pause ends, this node sends none of that
/// platform's refreshes; it postpones each one it claims to the pause's end, so a throttled platform sees no request
/// from the rest of the queue. Per node: another node learns of the throttle from its own first refusal.
/// </summary>
internal sealed class PlatformPauses
{
    private readonly ConcurrentDictionary<string, DateTime> _until = new(StringComparer.Ordinal);

    /// <summary>Pauses <paramref name="platformKey"/> until <paramref name="until"/> (a pause already longer stays).</summary>
    public void Pause(string platformKey, DateTime until) =>
        _until.AddOrUpdate(platformKey, until, (_, current) => current > until ? current : until);

    /// <summary>When the platform's pause ends, or null when it is not paused at <paramref name="now"/>.</summary>
    public DateTime? PausedUntil(string platformKey, DateTime now) =>
        _until.TryGetValue(platformKey, out var until) && until > now ? until : null;
}
