using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.OAuth;

/// <summary>
/// Platforms this node sends no refreshes to for a while, for one of two reasons.
/// <list type="bullet">
/// <item><b><c>paused</c>: the platform asked.</b> A token endpoint's <c>Retry-After</c> (with a 429 or a 503) is
/// addressed to the client app, not to the one connection whose refresh met it: until the pause ends, none of the
/// platform's refreshes are sent.</item>
/// <item><b><c>unavailable</c>: the platform stopped answering</b> (a circuit breaker). <see cref="BreakAfter"/>
/// refreshes in a row that timed out, could not reach the token endpoint or met a 5xx without <c>Retry-After</c> open
/// the breaker: none of the platform's refreshes are sent for a break of <see cref="TokenOptions.RetryBackoff"/>,
/// doubled for each break in a row, at most <see cref="MaxBreak"/> (and <see cref="TokenOptions.MaxRetryBackoff"/>).
/// Then one refresh goes out, the probe, while the others wait for its outcome: an answer closes the breaker, and a
/// probe that fails too starts a longer break. Without it a platform in an outage holds the node's sending slots with
/// refreshes that wait out <see cref="TokenOptions.HttpTimeout"/>, each connection's in turn, for as long as it lasts.</item>
/// </list>
/// Refreshes due meanwhile stay due, left out of the refresher's look-up (<see cref="PausedAt"/>); those found before the
/// pause began are put off (or, once claimed, postponed) to its end, unclaimed and not failed. Per node: another node learns of a throttle or an outage from its own refreshes.
/// </summary>
internal sealed class PlatformPauses(IOptions<SwitchboardOptions> options)
{
    /// <summary>How many refreshes in a row that got no answer open a platform's breaker.</summary>
    public const int BreakAfter = 5;

    /// <summary>The longest break between two probes of a platform that does not answer.</summary>
    public static readonly TimeSpan MaxBreak = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, DateTime> _until = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Breaker> _breakers = new(StringComparer.Ordinal);

    /// <summary>Pauses <paramref name="platformKey"/> until <paramref name="until"/> (a pause already longer stays).</summary>
    public void Pause(string platformKey, DateTime until) =>
        _until.AddOrUpdate(platformKey, until, (_, current) => current > until ? current : until);

    /// <summary>Until when, and why, the platform is left alone at <paramref name="now"/>; null when it is not.</summary>
    public PlatformPause? PausedUntil(string platformKey, DateTime now)
    {
        var asked = _until.TryGetValue(platformKey, out var until) && until > now ? until : (DateTime?)null;
        var broken = _breakers.TryGetValue(platformKey, out var breaker) ? breaker.ClosedUntil(now) : null;
        return (asked, broken) switch
        {
            ({ } a, { } b) => a >= b ? new PlatformPause(a, "paused") : new PlatformPause(b, "unavailable"),
            ({ } a, null) => new PlatformPause(a, "paused"),
            (null, { } b) => new PlatformPause(b, "unavailable"),
            _ => null,
        };
    }

    /// <summary>The platforms left alone at <paramref name="now"/>, for whatever reason.</summary>
    public List<string> PausedAt(DateTime now) =>
        [.. _until.Keys.Union(_breakers.Keys, StringComparer.Ordinal).Where(key => PausedUntil(key, now) is not null)];

    /// <summary>
    /// Whether the refresh about to be sent is the platform's probe: its time is up at the instant returned (which also
    /// names it to <see cref="EndProbe"/>) when the breaker is open, its break has ended, and no probe is out (the
    /// platform's other refreshes wait until <see cref="EndProbe"/>, or the probe's time is up). Null when the breaker
    /// is closed: an ordinary refresh.
    /// </summary>
    public DateTime? TryProbe(string platformKey, DateTime now) =>
        _breakers.TryGetValue(platformKey, out var breaker)
            ? breaker.TryProbe(now, now + options.Value.Tokens.HttpTimeout + TimeSpan.FromSeconds(5))
            : null;

    /// <summary>
    /// The probe <paramref name="probe"/> (as <see cref="TryProbe"/> returned it) has ended — answered, failed, or not
    /// sent at all: the next due refresh may probe again. A probe that ends after its time was up, and another probe
    /// went out, leaves that one's mark alone.
    /// </summary>
    public void EndProbe(string platformKey, DateTime probe)
    {
        if (_breakers.TryGetValue(platformKey, out var breaker))
        {
            breaker.EndProbe(probe);
        }
    }

    /// <summary>The token endpoint answered (tokens, or a refusal of its own): whether that closed an open breaker.</summary>
    public bool Answered(string platformKey) => _breakers.TryGetValue(platformKey, out var breaker) && breaker.Answered();

    /// <summary>
    /// The token endpoint gave no answer: timed out, unreachable, or a 5xx without <c>Retry-After</c>. The length of the
    /// break this opened, or null when the breaker stays as it was (closed, short of <see cref="BreakAfter"/>; or open,
    /// and this was a refresh sent before it opened, not the probe).
    /// </summary>
    public TimeSpan? Unanswered(string platformKey, DateTime now, bool probe)
    {
        var tokens = options.Value.Tokens;
        var longest = tokens.MaxRetryBackoff < MaxBreak ? tokens.MaxRetryBackoff : MaxBreak;
        return _breakers.GetOrAdd(platformKey, _ => new Breaker()).Unanswered(now, probe, tokens.RetryBackoff, longest);
    }

    private sealed class Breaker
    {
        private readonly Lock _lock = new();
        private int _failures;
        private int _breaks;
        private DateTime _openUntil;
        private DateTime? _probeUntil;

        public DateTime? ClosedUntil(DateTime now)
        {
            lock (_lock)
            {
                return _breaks == 0 ? null
                    : _openUntil > now ? _openUntil
                    : _probeUntil > now ? _probeUntil
                    : null;
            }
        }

        public DateTime? TryProbe(DateTime now, DateTime probeUntil)
        {
            lock (_lock)
            {
                if (_breaks == 0 || _openUntil > now || _probeUntil > now)
                {
                    return null;
                }

                _probeUntil = probeUntil;
                return probeUntil;
            }
        }

        public void EndProbe(DateTime probe)
        {
            lock (_lock)
            {
                if (_probeUntil == probe)
                {
                    _probeUntil = null;
                }
            }
        }

        public bool Answered()
        {
            lock (_lock)
            {
                var wasOpen = _breaks > 0;
                (_failures, _breaks, _probeUntil) = (0, 0, null);
                return wasOpen;
            }
        }

        public TimeSpan? Unanswered(DateTime now, bool probe, TimeSpan first, TimeSpan longest)
        {
            lock (_lock)
            {
                if (_breaks == 0 ? ++_failures < BreakAfter : !probe)
                {
                    return null;
                }

                _breaks++;
                var length = first * Math.Pow(2, Math.Min(_breaks - 1, 20));
                length = length < longest ? length : longest;
                _openUntil = now + length;
                return length;
            }
        }
    }
}

/// <summary>A platform left alone until <paramref name="Until"/>: <paramref name="Reason"/> is <c>paused</c> (it asked) or <c>unavailable</c> (it stopped answering).</summary>
internal readonly record struct PlatformPause(DateTime Until, string Reason);
