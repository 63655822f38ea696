using System.Diagnostics.Metrics;
using Switchboard.Server.Connections;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// The connections-by-status gauge's values. A gauge is read synchronously on the exporter's thread, so it answers
/// the last count and, when that is older than <see cref="MaxAge"/>, starts one count in the background: the
/// database sees at most one <c>GROUP BY status</c> per <see cref="MaxAge"/>, whatever the export interval.
/// </summary>
internal sealed class ConnectionCounts(ConnectionStore store, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private volatile IReadOnlyDictionary<string, long> _counts = new Dictionary<string, long>();
    private long _countedAtTicks = DateTimeOffset.MinValue.UtcTicks;
    private int _counting;

    internal IEnumerable<Measurement<long>> Observe()
    {
        if (time.GetUtcNow().UtcTicks - Interlocked.Read(ref _countedAtTicks) > MaxAge.Ticks && Interlocked.CompareExchange(ref _counting, 1, 0) == 0)
        {
            _ = Task.Run(CountAsync);
        }

        return _counts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("status", c.Key)));
    }

    private async Task CountAsync()
    {
        try
        {
            _counts = await store.CountByStatusAsync(CancellationToken.None);
            Interlocked.Exchange(ref _countedAtTicks, time.GetUtcNow().UtcTicks);
        }
        catch (Exception)
        {
            // The database is unavailable: keep the last counts; the next read tries again (readiness reports the outage).
        }
        finally
        {
            Volatile.Write(ref _counting, 0);
        }
    }
}
