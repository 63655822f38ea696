namespace Switchboard.Server.Persistence;

/// <summary>
/// SQLite allows one writer at a time. Left alone, concurrent requests collide inside SQLite and wait in busy
/// retries that sleep and block threads (Microsoft.Data.Sqlite retries every 150 ms). Instead, this process's
/// writers queue here, asynchronously and first come first served, and reach SQLite one by one; the busy timeout
/// remains for other processes sharing the file. On PostgreSQL, which locks rows, the gate is always open.
/// </summary>
internal sealed class WriteGate(bool enabled)
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public bool Enabled => enabled;

    /// <summary>Waits for this process's turn to write; dispose the result to let the next writer in.</summary>
    public async ValueTask<Turn> EnterAsync(CancellationToken cancellationToken)
    {
        if (!enabled)
        {
            return default;
        }

        await _semaphore.WaitAsync(cancellationToken);
        return new Turn(_semaphore);
    }

    public readonly struct Turn(SemaphoreSlim? semaphore) : IDisposable
    {
        public void Dispose() => semaphore?.Release();
    }
}
