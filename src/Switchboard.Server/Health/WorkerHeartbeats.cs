using System.Collections.Concurrent;

namespace Switchboard.Server.Health;

/// <summary>
/// The background workers' pulse, read by <c>/health/ready</c>. Each worker registers once with the longest silence
/// that is normal for it (a little more than its interval) and beats on every round; one that has not beaten for
/// longer, or has stopped with an error, makes the node not ready.
/// </summary>
public sealed class WorkerHeartbeats(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, WorkerHeartbeat> _workers = new(StringComparer.Ordinal);

    /// <summary>Registers (or re-registers, after a restart) a worker; registering counts as its first beat.</summary>
    public WorkerHeartbeat Register(string name, TimeSpan maxSilence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxSilence, TimeSpan.Zero);
        var heartbeat = new WorkerHeartbeat(name, maxSilence, time);
        _workers[name] = heartbeat;
        return heartbeat;
    }

    /// <summary>The registered workers, each with whether it is alive now.</summary>
    public IReadOnlyList<(string Name, bool Alive, string State)> Check() =>
        [.. _workers.Values.OrderBy(w => w.Name, StringComparer.Ordinal).Select(w => (w.Name, w.IsAlive(out var state), state))];
}
