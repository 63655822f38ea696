using System.Diagnostics;
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
/// Runs on every node: every <see cref="TokenOptions.PollInterval"/> it asks the index on the scheduled refresh time
/// (<see cref="RefreshSchedule"/>: <see cref="TokenOptions.RefreshBefore"/> ahead of expiry, jittered) for the connections
/// due, and refreshes them through <see cref="TokenKeeper"/>, whose lease makes sure only one node refreshes each. Before
/// claiming one it checks its platform: a paused platform's refreshes, and those its budget
/// (<see cref="RefreshBudgets"/>) has no slot for within the poll interval, are put off without a claim or a failure.
/// </summary>
internal sealed partial class TokenRefresher(
    IServiceScopeFactory scopes, ConnectionStore connections, PlatformPauses pauses, RefreshBudgets budgets, WorkerHeartbeats heartbeats,
    IOptions<SwitchboardOptions> options, TimeProvider time, ILogger<TokenRefresher> logger)
    : BackgroundService
{
    private const int BatchSize = 200;
    private const int Parallelism = 32;

    // Registered when the host builds the worker, before the server answers: readiness knows it from the first probe.
    // A cycle may run long (a batch of slow token endpoints, or a platform's slots a poll interval ahead), so the
    // silence allowed is generous.
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
                // keeps up with as many refreshes as its parallelism, the platforms' latency and their budgets allow.
                while (await RefreshDueAsync(stoppingToken) is { Found: BatchSize, Refreshed: > 0 })
                {
                    _heartbeat.Beat();
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
        var started = Stopwatch.GetTimestamp();
        var now = time.UtcNow();
        var due = now + options.Value.Tokens.RefreshBefore;
        var found = await connections.FindDueForRefreshAsync(now, BatchSize, cancellationToken);
        var lookup = Stopwatch.GetElapsedTime(started);

        var plans = Plan(found, now, now + options.Value.Tokens.PollInterval);
        var refreshed = 0;
        var putOff = 0;
        using var slots = new SemaphoreSlim(Parallelism);
        await Task.WhenAll(plans.Select(async plan =>
        {
            if (plan.SendAt is { } sendAt && sendAt - time.UtcNow() is { Ticks: > 0 } wait)
            {
                // Waits for its sending slot without holding one of the parallel refreshes, which other platforms use meanwhile.
                await Task.Delay(wait, time, cancellationToken);
            }

            await slots.WaitAsync(cancellationToken);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var keeper = scope.ServiceProvider.GetRequiredService<TokenKeeper>();
                if (plan.SendAt is null)
                {
                    await keeper.PutOffAsync(plan.Refresh, plan.Later, plan.Reason, cancellationToken);
                    Interlocked.Increment(ref putOff);
                }
                else if (await keeper.TryRefreshAsync(plan.Refresh.Key, due, cancellationToken))
                {
                    Interlocked.Increment(ref refreshed);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One connection's trouble (a busy database) must not stop the others; its lease runs out and it is tried again.
                LogRefreshFailed(logger, plan.Refresh.Key.Connection.Value, exception.GetType().Name);
            }
            finally
            {
                slots.Release();
            }
        }));
        LogCycle(logger, found.Count, refreshed, putOff, lookup.TotalMilliseconds, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return (found.Count, refreshed);
    }

    /// <summary>
    /// What to do with each due refresh, in the order found (soonest due first): send it in its platform's next slot
    /// that comes by <paramref name="horizon"/>, or put it off — to the end of its platform's pause, or to a slot after
    /// the ones reserved, one slot apart from the others put off in this cycle, so they come back at the budget's pace.
    /// </summary>
    private List<RefreshPlan> Plan(List<DueRefresh> found, DateTime now, DateTime horizon)
    {
        var plans = new List<RefreshPlan>(found.Count);
        var putOffByPlatform = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var refresh in found)
        {
            if (pauses.PausedUntil(refresh.PlatformKey, now) is { } pausedUntil)
            {
                plans.Add(new RefreshPlan(refresh, null, pausedUntil, "paused"));
            }
            else if (budgets.Reserve(refresh.PlatformKey, now, horizon) is { } slot)
            {
                plans.Add(new RefreshPlan(refresh, slot, slot, ""));
            }
            else
            {
                var (next, interval) = budgets.Free(refresh.PlatformKey, now);
                var before = putOffByPlatform.GetValueOrDefault(refresh.PlatformKey);
                putOffByPlatform[refresh.PlatformKey] = before + 1;
                plans.Add(new RefreshPlan(refresh, null, next + interval * before, "rate"));
            }
        }

        return plans;
    }

    /// <param name="SendAt">When to claim and send it; null: put it off until <paramref name="Later"/>, for <paramref name="Reason"/>.</param>
    private sealed record RefreshPlan(DueRefresh Refresh, DateTime? SendAt, DateTime Later, string Reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refresh cycle: {Found} due, {Refreshed} refreshed, {PutOff} put off; look-up {LookupMs:0.00} ms, cycle {CycleMs:0.0} ms")]
    private static partial void LogCycle(ILogger logger, int found, int refreshed, int putOff, double lookupMs, double cycleMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The token refresh cycle failed ({Error}); the next one tries again")]
    private static partial void LogCycleFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing connection {ConnectionId} failed ({Error}); it is tried again when its lease ends")]
    private static partial void LogRefreshFailed(ILogger logger, Guid connectionId, string error);
}
