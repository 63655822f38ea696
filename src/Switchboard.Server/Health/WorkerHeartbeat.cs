namespace Switchboard.Server.Health;

/// <summary>One worker's pulse (see <see cref="WorkerHeartbeats"/>).</summary>
public sealed class WorkerHeartbeat
{
    private readonly TimeProvider _time;
    private long _lastBeatTicks;
    private volatile string? _failure;

    internal WorkerHeartbeat(string name, TimeSpan maxSilence, TimeProvider time)
    {
        Name = name;
        MaxSilence = maxSilence;
        _time = time;
        Beat();
    }

    public string Name { get; }

    public TimeSpan MaxSilence { get; }

    /// <summary>The worker finished a round (or is waiting for its next one, as it should).</summary>
    public void Beat()
    {
        _failure = null;
        Interlocked.Exchange(ref _lastBeatTicks, _time.GetUtcNow().UtcTicks);
    }

    /// <summary>The worker stopped for good; the reason is shown by <c>/health/ready</c> (never a secret: pass a plain description).</summary>
    public void Stopped(string reason) => _failure = reason;

    internal bool IsAlive(out string state)
    {
        if (_failure is { } failure)
        {
            state = "stopped: " + failure;
            return false;
        }

        var silence = _time.GetUtcNow() - new DateTimeOffset(Interlocked.Read(ref _lastBeatTicks), TimeSpan.Zero);
        var alive = silence <= MaxSilence;
        state = alive ? "alive" : $"silent for {silence.TotalSeconds:0} s (at most {MaxSilence.TotalSeconds:0} s expected)";
        return alive;
    }
}
