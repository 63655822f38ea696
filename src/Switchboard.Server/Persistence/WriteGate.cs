namespace Switchboard.Server.Persistence;

/// <summary>
/// SQLite allows one writer at a time. Left alone, concurrent requests collide inside SQLite and wait in busy
/// retries that sleep and block threads (Microsoft.Data.Sqlite retries every 150 ms). Instead, this process's
/// writers queue here, asynchronously and first come first served, and reach SQLite one by one; the busy timeout
/// remains for other processes sharing the file. On PostgreSQL, which locks rows, the gate is always open.
/// A caller that holds the gate for a whole request (<see cref="Hold"/>) makes the writes inside it pass straight through.
/// </summary>
internal sealed class WriteGate(bool enabled)
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);
    private readonly AsyncLocal<bool> _held = new();

    /// <summary>Waits for this process's turn to write; dispose the result to let the next writer in.</summary>
    public ValueTask<Turn> EnterAsync(CancellationToken cancellationToken) =>
        !enabled || _held.Value ? ValueTask.FromResult(default(Turn)) : WaitAsync(cancellationToken);

    /// <summary>Marks the current flow as holding the gate (after <see cref="EnterAsync"/>), until disposed.</summary>
    public Holding Hold()
    {
        _held.Value = true;
        return new Holding(_held);
    }

    private async ValueTask<Turn> WaitAsync(CancellationToken cancellationToken)
    {
        await _semaphore.WaitAsync(cancellationToken);
        return new Turn(_semaphore);
    }

    public readonly struct Turn(SemaphoreSlim? semaphore) : IDisposable
    {
        public void Dispose() => semaphore?.Release();
    }

    public readonly struct Holding(AsyncLocal<bool> held) : IDisposable
    {
        public void Dispose() => held.Value = false;
    }
}
