using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Switchboard.Server.Persistence;

/// <summary>
/// SQLite allows one writer at a time. Left alone, concurrent requests collide inside SQLite and wait in busy
/// retries that sleep and block threads (Microsoft.Data.Sqlite retries every 150 ms). Instead, this process's
/// writers queue here, asynchronously and first come first served, and reach SQLite one by one; the busy timeout
/// remains for other processes sharing the file. On PostgreSQL, which locks rows, the gate is always open.
/// A caller that holds the gate for a whole request (<see cref="Hold"/>) makes the writes inside it pass straight through.
/// Background work that keeps a queue moving (the webhook worker's claims and records: short transactions, each
/// for many deliveries) may ask for the <see cref="WritePriority.Next"/> turn: it goes before the requests waiting,
/// so a burst of API writes does not stall delivery behind it, but only while such turns have held the writer for at
/// most <see cref="MaxNextShare"/> of its recent busy time. Past that, requests that are waiting go first: when the
/// writer cannot keep up with both (a cold server tiering up its code), the API keeps its share and delivery lags,
/// rather than the other way round.
/// </summary>
internal sealed class WriteGate(bool enabled)
{
    private const int MaxInlineHandoffs = 64;

    /// <summary>The most of the writer's busy time <see cref="WritePriority.Next"/> turns take ahead of waiting requests.</summary>
    private const double MaxNextShare = 0.5;

    /// <summary>How often the busy-time tallies are halved: the share is over about the last second or two.</summary>
    private static readonly long TallyHalfLife = Stopwatch.Frequency;

    [ThreadStatic]
    private static int t_inlineHandoffs;

    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _next = new();
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private readonly AsyncLocal<bool> _held = new();
    private bool _taken;

    // Time the writer was held, in stopwatch ticks, decaying: by every turn, and by the Next turns among them.
    private long _busyTicks;
    private long _nextBusyTicks;
    private long _tallyHalved = Stopwatch.GetTimestamp();

    /// <summary>Waits for this process's turn to write; dispose the result to let the next writer in.</summary>
    public ValueTask<Turn> EnterAsync(CancellationToken cancellationToken, WritePriority priority = WritePriority.InLine) =>
        !enabled || _held.Value ? ValueTask.FromResult(default(Turn)) : WaitAsync(priority, cancellationToken);

    /// <summary>Marks the current flow as holding the gate (after <see cref="EnterAsync"/>), until disposed.</summary>
    public Holding Hold()
    {
        _held.Value = true;
        return new Holding(_held);
    }

    private async ValueTask<Turn> WaitAsync(WritePriority priority, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (!_taken)
            {
                _taken = true;
                return new Turn(this, priority, Stopwatch.GetTimestamp());
            }

            cancellationToken.ThrowIfCancellationRequested();
            // Completed by Release, which runs the writer's continuation itself (see there).
            waiter = new TaskCompletionSource();
            (priority == WritePriority.Next ? _next : _waiting).Enqueue(waiter);
        }

        // A cancelled waiter stays queued, completed: the release that reaches it passes over it. The registration's
        // callback cancels inline (any continuation of ours then runs on the cancelling thread, as it would for a timeout).
        await using (cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetCanceled(), waiter))
        {
            await waiter.Task;
        }

        return new Turn(this, priority, Stopwatch.GetTimestamp());
    }

    /// <summary>Ends a turn that began at <paramref name="began"/>: tallies the time it held the writer, then hands the turn on.</summary>
    private void Release(WritePriority priority, long began)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            var halvings = (now - _tallyHalved) / TallyHalfLife;
            if (halvings > 0)
            {
                _tallyHalved += halvings * TallyHalfLife;
                var shift = (int)Math.Min(halvings, 63);
                _busyTicks >>= shift;
                _nextBusyTicks >>= shift;
            }

            _busyTicks += now - began;
            if (priority == WritePriority.Next)
            {
                _nextBusyTicks += now - began;
            }
        }

        Release();
    }

    /// <summary>The next writer, under the lock: a <see cref="WritePriority.Next"/> one while those have had at most their share.</summary>
    private bool TryDequeueNext([NotNullWhen(true)] out TaskCompletionSource? next) =>
        _waiting.Count > 0 && _nextBusyTicks > MaxNextShare * _busyTicks
            ? _waiting.TryDequeue(out next)
            : _next.TryDequeue(out next) || _waiting.TryDequeue(out next);

    /// <summary>
    /// Hands the turn to the next writer (it stays taken), or frees it when nobody waits. The releasing thread runs the
    /// next writer's continuation itself, up to <see cref="MaxInlineHandoffs"/> deep: a handoff through the thread pool
    /// waits behind every queued request, and under load the gate stood idle that long between writers (at 450
    /// creates/s with webhooks, the API fell seconds behind with a fifth of the CPU idle; handed off directly, it kept up
    /// at 700/s). Beyond that depth the handoff goes through the pool (this thread's own queue, taken up as soon as it
    /// is free), so no releaser's own answer waits on more than that many writers after it.
    /// </summary>
    private void Release()
    {
        while (true)
        {
            TaskCompletionSource? next;
            lock (_lock)
            {
                if (!TryDequeueNext(out next))
                {
                    _taken = false;
                    return;
                }
            }

            if (t_inlineHandoffs >= MaxInlineHandoffs)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static state => state.Gate.HandTo(state.Waiter), (Gate: this, Waiter: next), preferLocal: true);
                return;
            }

            t_inlineHandoffs++;
            try
            {
                if (next.TrySetResult())
                {
                    return;
                }
            }
            finally
            {
                t_inlineHandoffs--;
            }

            // That writer had given up waiting (cancelled): the turn goes to the one after it.
        }
    }

    private void HandTo(TaskCompletionSource waiter)
    {
        if (!waiter.TrySetResult())
        {
            Release();
        }
    }

    public readonly struct Turn(WriteGate? gate, WritePriority priority, long began) : IDisposable
    {
        public void Dispose() => gate?.Release(priority, began);
    }

    public readonly struct Holding(AsyncLocal<bool> held) : IDisposable
    {
        public void Dispose() => held.Value = false;
    }
}

/// <summary>Where a writer joins the <see cref="WriteGate"/>'s queue.</summary>
internal enum WritePriority
{
    /// <summary>Behind every writer already waiting.</summary>
    InLine,

    /// <summary>Before the <see cref="InLine"/> writers waiting: for short background transactions that keep a queue moving.</summary>
    Next,
}
