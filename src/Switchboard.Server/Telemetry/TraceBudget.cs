using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// Switchboard's trace sampler when <c>OTEL_TRACES_SAMPLER</c> is not set: parent-based (a caller's decision in its
/// <c>traceparent</c> is followed, and a span's children follow it), and of the traces that start here, at most
/// <c>Switchboard:Telemetry:TracesPerSecond</c> a second are recorded, in bursts of up to a second's worth (at least
/// one). A node with light traffic records every trace, as OpenTelemetry's own default would; one under heavy traffic
/// records a bounded number, so what tracing costs it stops growing with the request rate (AWS X-Ray's and Jaeger's
/// rate-limiting samplers work the same way). Requests that answer an error are recorded whatever this decides, up to
/// as many again (<see cref="RequestSpans"/>).
/// </summary>
internal static class TraceBudget
{
    public const double DefaultTracesPerSecond = 100;

    public static Sampler Sampler(double tracesPerSecond) => new ParentBasedSampler(new RateLimitedSampler(tracesPerSecond));

    /// <summary>Records a new trace while the budget has room, and drops it (the trace id still propagates) when it has none.</summary>
    private sealed class RateLimitedSampler : Sampler
    {
        private static readonly SamplingResult Record = new(SamplingDecision.RecordAndSample);
        private static readonly SamplingResult Drop = new(SamplingDecision.Drop);

        private readonly PerSecond _budget;

        public RateLimitedSampler(double perSecond)
        {
            _budget = new PerSecond(perSecond);
            Description = FormattableString.Invariant($"RateLimitedSampler{{{perSecond}/s}}");
        }

        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) => _budget.TryTake() ? Record : Drop;
    }

    /// <summary>
    /// At most a number of takes per second, in bursts of up to a second's worth (at least one): the generic cell rate
    /// algorithm on one 64-bit word, so the many request threads that share it never lock, and once it is spent a take
    /// only reads.
    /// </summary>
    internal sealed class PerSecond
    {
        private readonly long _interval;
        private readonly long _burst;
        private long _spentUntil;

        public PerSecond(double perSecond)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(perSecond);
            _interval = perSecond > 0 ? Math.Max(1, (long)(Stopwatch.Frequency / perSecond)) : long.MaxValue;
            _burst = perSecond > 0 ? Math.Max(_interval, Stopwatch.Frequency) : 0;
            _spentUntil = Stopwatch.GetTimestamp() - _burst;
        }

        /// <summary>Whether there is room for one more now; takes it when there is.</summary>
        public bool TryTake()
        {
            if (_interval == long.MaxValue)
            {
                return false;
            }

            var now = Stopwatch.GetTimestamp();
            while (true)
            {
                // Spent up to a second ago at the earliest: that caps what has built up at a second's worth.
                var spent = Volatile.Read(ref _spentUntil);
                var next = Math.Max(spent, now - _burst) + _interval;
                if (next > now)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref _spentUntil, next, spent) == spent)
                {
                    return true;
                }
            }
        }
    }
}
