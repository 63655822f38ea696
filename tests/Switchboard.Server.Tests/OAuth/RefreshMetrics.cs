using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Telemetry;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.OAuth;

/// <summary>One test server's refresh counters (another test's server in the same process has a meter factory of its own).</summary>
internal sealed class RefreshMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _putOff = new(StringComparer.Ordinal);
    private long _failed;

    private RefreshMetrics(SwitchboardTestServer server)
    {
        var factory = server.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SwitchboardMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory)
                && instrument.Name is "switchboard.token.refreshes" or "switchboard.token.refreshes_put_off")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "switchboard.token.refreshes_put_off")
            {
                var reason = tags.ToArray().Single(t => t.Key == "reason").Value as string ?? "";
                _putOff.AddOrUpdate(reason, value, (_, sum) => sum + value);
            }
            else if (tags.ToArray().Any(t => t is { Key: "outcome", Value: "failed" }))
            {
                Interlocked.Add(ref _failed, value);
            }
        });
        _listener.Start();
    }

    /// <summary>Refreshes put off, for any reason.</summary>
    public long PutOff => _putOff.Values.Sum();

    /// <summary>Refreshes that failed at the platform (or got no answer from it).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public static RefreshMetrics Listen(SwitchboardTestServer server) => new(server);

    /// <summary>Refreshes put off for <paramref name="reason"/> (<c>rate</c>, <c>paused</c>, <c>unavailable</c>).</summary>
    public long PutOffFor(string reason) => _putOff.GetValueOrDefault(reason);

    public void Dispose() => _listener.Dispose();
}
