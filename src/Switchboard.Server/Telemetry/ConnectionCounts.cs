using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;
using Switchboard.Server.Connections;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// The connections-by-status gauge's values. A gauge is read synchronously on the exporter's thread, so it answers
/// the last count and, when that is older than <see cref="Interval"/>, starts one count in the background: the
/// database sees at most one <c>GROUP BY status</c> per interval from each node, whatever the export interval. Every
/// status is reported, 0 when no connection has it. The count reads the whole table: at a million connections 0.33–0.53 s
/// on PostgreSQL (a parallel scan) and 0.54–0.60 s on SQLite. An index on status would not spare PostgreSQL the table
/// (its rows change with every token refresh, so an index-only scan visits them too; forced, it took 1.3 s), which is
/// why the interval is a setting (<see cref="TelemetryOptions.ConnectionCountInterval"/>) and 0 turns the gauge off.
/// </summary>
internal sealed class ConnectionCounts(ConnectionStore store, TimeProvider time, IOptions<SwitchboardOptions> options)
{
    /// <summary>How old the last count may be; zero when this node has no gauge.</summary>
    public TimeSpan Interval { get; } = options.Value.Telemetry.ConnectionCountInterval;

    private volatile IReadOnlyDictionary<string, long> _counts = new Dictionary<string, long>();
    private long _countedAtTicks = DateTimeOffset.MinValue.UtcTicks;
    private int _counting;

    internal IEnumerable<Measurement<long>> Observe()
    {
        if (time.GetUtcNow().UtcTicks - Interlocked.Read(ref _countedAtTicks) > Interval.Ticks && Interlocked.CompareExchange(ref _counting, 1, 0) == 0)
        {
            _ = Task.Run(CountAsync);
        }

        return _counts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("status", c.Key)));
    }

    private async Task CountAsync()
    {
        try
        {
            var counted = await store.CountByStatusAsync(CancellationToken.None);
            // A status no connection has has no row in the GROUP BY: it reads 0, not the last count it had.
            _counts = Enum.GetNames<DataConnectionStatus>().ToDictionary(status => status, status => counted.GetValueOrDefault(status));
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
