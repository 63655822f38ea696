namespace Switchboard.Server.Webhooks;

/// <summary>
/// Wakes this node's delivery worker: when a transaction that wrote events commits, and when a delivery finishes
/// (the connection's next event may now go). Other nodes find the work on their next poll.
/// </summary>
internal sealed class WebhookSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Notify()
    {
        // Already signalled: one wake-up covers every change before it. Checked first because a full semaphore's
        // Release throws, and under load nearly every commit and finished delivery found it full: ~1,000 exceptions/s
        // at 1,000 creates/s (dotnet-counters, dotnet.exceptions).
        if (_wake.CurrentCount > 0)
        {
            return;
        }

        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another notification got there between the check and the release.
        }
    }

    /// <summary>Waits until notified or until <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);
}
