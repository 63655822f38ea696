using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Server.Common;
using Switchboard.Server.Configuration;
using Switchboard.Server.Connections;
using Switchboard.Server.Health;

namespace Switchboard.Server.OAuth;

/// <summary>
/// Runs on every node: every <see cref="TokenOptions.PollInterval"/> it asks the index on token expiry for the
/// connections whose access token ends within <see cref="TokenOptions.RefreshBefore"/> and refreshes them through
/// <see cref="TokenKeeper"/>, whose lease makes sure only one node refreshes each.
/// </summary>
internal sealed partial class TokenRefresher(
    IServiceScopeFactory scopes, ConnectionStore connections, WorkerHeartbeats heartbeats, IOptions<SwitchboardOptions> options, TimeProvider time,
    ILogger<TokenRefresher> logger)
    : BackgroundService
{
    private const int BatchSize = 200;
    private const int Parallelism = 32;

    // Registered when the host builds the worker, before the server answers: readiness knows it from the first probe.
    // A cycle may run long (a batch of slow token endpoints), so the silence allowed is generous.
    private readonly WorkerHeartbeat _heartbeat =
        heartbeats.Register("token-refresher", options.Value.Tokens.PollInterval * 3 + options.Value.Tokens.HttpTimeout * 4);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Tokens.PollInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            _heartbeat.Beat();
            try
            {
                // A full batch means more are due: take the next at once rather than a poll interval later, so a node
                // keeps up with as many refreshes as its parallelism and the platforms' latency allow.
                while (await RefreshDueAsync(stoppingToken) is { Found: BatchSize, Refreshed: > 0 })
                {
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogCycleFailed(logger, exception.GetType().Name);
            }
        }
    }

    /// <summary>One cycle: refreshes what is due now; how many were due (up to a batch) and how many this node refreshed.</summary>
    internal async Task<(int Found, int Refreshed)> RefreshDueAsync(CancellationToken cancellationToken)
    {
        var refreshed = 0;
        var now = time.UtcNow();
        var due = now + options.Value.Tokens.RefreshBefore;
        var keys = await connections.FindDueForRefreshAsync(due, now, BatchSize, cancellationToken);
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (key, token) =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<TokenKeeper>().TryRefreshAsync(key, due, token))
                {
                    Interlocked.Increment(ref refreshed);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One connection's trouble (a busy database) must not stop the others; its lease runs out and it is tried again.
                LogRefreshFailed(logger, key.Connection.Value, exception.GetType().Name);
            }
        });
        return (keys.Count, refreshed);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The token refresh cycle failed ({Error}); the next one tries again")]
    private static partial void LogCycleFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing connection {ConnectionId} failed ({Error}); it is tried again when its lease ends")]
    private static partial void LogRefreshFailed(ILogger logger, Guid connectionId, string error);
}
