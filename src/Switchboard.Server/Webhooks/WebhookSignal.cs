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
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up covers every change before it.
        }
    }

    /// <summary>Waits until notified or until <paramref name="timeout"/> passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);
}
