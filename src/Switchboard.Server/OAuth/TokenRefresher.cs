using System.Collections.Concurrent;
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
/// A look does not wait for the refreshes it starts: a platform that answers slowly (or not at all, until
/// <see cref="TokenOptions.HttpTimeout"/>) holds its own sending slots, not the next look, so other platforms' refreshes
/// still go out when they come due.
/// </summary>
internal sealed partial class TokenRefresher(
    IServiceScopeFactory scopes, ConnectionStore connections, PlatformPauses pauses, RefreshBudgets budgets, WorkerHeartbeats heartbeats,
    IOptions<SwitchboardOptions> options, TimeProvider time, ILogger<TokenRefresher> logger)
    : BackgroundService
{
    // Registered when the host builds the worker, before the server answers: readiness knows it from the first probe.
    // The look loop beats at every poll, and waits no longer than a poll interval for room; the silence allowed is
    // generous (a look-up on a busy database).
    private readonly WorkerHeartbeat _heartbeat =
        heartbeats.Register("token-refresher", options.Value.Tokens.PollInterval * 3 + options.Value.Tokens.HttpTimeout * 4);

    // The most refreshes a node has under way (found due, waiting for their slot or to send, or sending), and so the
    // most one look starts: enough to keep every sending slot busy while as many again wait for theirs.
    private readonly int _roomSize = RoomFor(options.Value.Tokens);

    // One permit per refresh that may be under way: a look takes one for each refresh it starts, the refresh gives it back.
    private readonly SemaphoreSlim _room = new(RoomFor(options.Value.Tokens), RoomFor(options.Value.Tokens));
    private readonly SemaphoreSlim _sending = new(options.Value.Tokens.MaxConcurrentRefreshes, options.Value.Tokens.MaxConcurrentRefreshes);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _platformSending = new(StringComparer.Ordinal);

    // The connections whose refresh this node has under way. One waiting for its budget's slot or a sending slot has no
    // lease yet, so the look-up still finds it: the next look skips it rather than start it twice.
    private readonly ConcurrentDictionary<ConnectionId, byte> _underWay = new();

    // How many of those are still waiting (for their slot, or to send): all that a look-up can find again.
    private int _waiting;

    // Set while the look waits for half the room to be free, after a look that found more due than it took.
    private TaskCompletionSource? _halfFreed;
    private int _refreshed;

    // Refreshes (and put-offs) that ended without an exception since the backlog loop last checked.
    private int _endedWell;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pollInterval = options.Value.Tokens.PollInterval;
        using var timer = new PeriodicTimer(pollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                _heartbeat.Beat();
                try
                {
                    // A look that found more due than it took means more are due: look again as soon as half the room
                    // is free rather than a poll interval later, so a node keeps up with as many refreshes as its
                    // parallelism, the platforms' latency and their budgets allow.
                    // Only while refreshes end well: when they fail at once (a database that refuses writes), the
                    // rows stay due and the room frees at once, and looking again would spin.
                    while (await LookAsync(stoppingToken) && await HalfTheRoomAsync(pollInterval, stoppingToken)
                        && Interlocked.Exchange(ref _endedWell, 0) > 0)
                    {
                        _heartbeat.Beat();
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogLookFailed(logger, exception.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the refreshes under way are cancelled too.
        }
        finally
        {
            // The host's scopes and connections outlive no refresh: all the room back means every refresh has ended.
            for (var taken = 0; taken < _roomSize; taken++)
            {
                await _room.WaitAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// One look: finds what is due now and starts refreshing as much of it as there is room for, without waiting for
    /// the refreshes; whether more were due than it took.
    /// </summary>
    private async Task<bool> LookAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var now = time.UtcNow();
        var room = _room.CurrentCount;
        // Those under way but still waiting are due soonest and come first: asked for on top, and skipped.
        var take = room + Volatile.Read(ref _waiting);
        // A platform left alone (its Retry-After, or a break of its breaker) is left out of the look-up: its due refreshes
        // stay where they are, rather than each be put off, a write, at every look for as long as the pause lasts.
        var found = await connections.FindDueForRefreshAsync(now, take, pauses.PausedAt(now), cancellationToken);
        var lookup = Stopwatch.GetElapsedTime(started);

        var plans = Plan([.. found.Where(f => !_underWay.ContainsKey(f.Key.Connection)).Take(room)], now, now + options.Value.Tokens.PollInterval);
        var due = now + options.Value.Tokens.RefreshBefore;
        foreach (var plan in plans)
        {
            // Only this loop takes room, and it counted what is free: the permit is there.
            if (!_room.Wait(0, CancellationToken.None))
            {
                throw new InvalidOperationException("The refresher's room was taken by someone other than its look.");
            }

            _underWay[plan.Refresh.Key.Connection] = 0;
            Interlocked.Increment(ref _waiting);
            _ = RefreshAsync(plan, due, cancellationToken);
        }

        LogLook(logger, found.Count, plans.Count(p => p.SendAt is not null), plans.Count(p => p.SendAt is null), _roomSize - _room.CurrentCount,
            Interlocked.Exchange(ref _refreshed, 0), lookup.TotalMilliseconds);
        return found.Count == take;
    }

    /// <summary>
    /// Sends one planned refresh in its slot (or puts it off), and gives its room back. Never throws: one connection's
    /// trouble (a busy database) must not stop the others; its lease runs out and it is tried again.
    /// </summary>
    private async Task RefreshAsync(RefreshPlan plan, DateTime due, CancellationToken cancellationToken)
    {
        var waiting = true;
        try
        {
            if (plan.SendAt is { } sendAt && sendAt - time.UtcNow() is { Ticks: > 0 } wait)
            {
                // Waits for its sending slot without holding one of the parallel refreshes, which other platforms use meanwhile.
                await Task.Delay(wait, time, cancellationToken);
            }

            // A put-off is one write; a refresh also waits for its platform's share of the sending slots.
            var platform = plan.SendAt is null ? null : _platformSending.GetOrAdd(plan.Refresh.PlatformKey, _ => new SemaphoreSlim(options.Value.Tokens.MaxConcurrentRefreshesPerPlatform, options.Value.Tokens.MaxConcurrentRefreshesPerPlatform));
            await (platform?.WaitAsync(cancellationToken) ?? Task.CompletedTask);
            try
            {
                await _sending.WaitAsync(cancellationToken);
                try
                {
                    // Sending: its claim takes the lease, or a put-off moves its time, so look-ups stop finding it (one
                    // meanwhile may still, and skips it).
                    Interlocked.Decrement(ref _waiting);
                    waiting = false;
                    await SendAsync(plan, due, cancellationToken);
                }
                finally
                {
                    _sending.Release();
                }
            }
            finally
            {
                platform?.Release();
            }

            Interlocked.Increment(ref _endedWell);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The node is stopping; the lease, if one was taken, runs out and another node refreshes it.
        }
        catch (Exception exception)
        {
            LogRefreshFailed(logger, plan.Refresh.Key.Connection.Value, exception.GetType().Name);
        }
        finally
        {
            if (waiting)
            {
                Interlocked.Decrement(ref _waiting);
            }

            _underWay.TryRemove(plan.Refresh.Key.Connection, out _);
            if (_room.Release() + 1 >= _roomSize / 2)
            {
                Volatile.Read(ref _halfFreed)?.TrySetResult();
            }
        }
    }

    /// <summary>Puts the refresh off, or claims and sends it once its platform's turn has come.</summary>
    private async Task SendAsync(RefreshPlan plan, DateTime due, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var keeper = scope.ServiceProvider.GetRequiredService<TokenKeeper>();
        if (plan.SendAt is null)
        {
            await keeper.PutOffAsync(plan.Refresh, plan.Later, plan.Reason, cancellationToken);
            return;
        }

        // Before the claim, so no lease runs down while it waits: a node that fell behind its slots sends them a slot
        // apart, not all together.
        var platform = plan.Refresh.PlatformKey;
        if (budgets.Turn(platform, time.UtcNow()) is { Ticks: > 0 } turn)
        {
            await Task.Delay(turn, time, cancellationToken);
        }

        var now = time.UtcNow();
        if (pauses.PausedUntil(platform, now) is { } pause)
        {
            // The platform asked to wait, or stopped answering, since the look: put off, without claiming it first.
            await keeper.PutOffAsync(plan.Refresh, pause.Until, pause.Reason, cancellationToken);
            return;
        }

        // Decided as it goes, not when the look planned it: after a break, the first refresh to go (planned before the
        // break or since) tries the platform, timed from now, and the others find it paused while it is out.
        var probe = pauses.TryProbe(platform, now);
        try
        {
            if (await keeper.TryRefreshAsync(plan.Refresh.Key, due, cancellationToken, probe: probe is not null))
            {
                Interlocked.Increment(ref _refreshed);
            }
        }
        finally
        {
            if (probe is { } sent)
            {
                pauses.EndProbe(platform, sent);
            }
        }
    }

    private static int RoomFor(TokenOptions tokens) => Math.Max(200, tokens.MaxConcurrentRefreshes * 4);

    /// <summary>Waits until half the room is free, for at most <paramref name="within"/>; whether it is.</summary>
    private async Task<bool> HalfTheRoomAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        var freed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // A full fence: the count below is read after the signal is published, never before.
        Interlocked.Exchange(ref _halfFreed, freed);
        try
        {
            // Checked after the signal is in place: a refresh ending in between either sees it or is counted here.
            if (_room.CurrentCount >= _roomSize / 2)
            {
                return true;
            }

            await freed.Task.WaitAsync(within, time, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            Volatile.Write(ref _halfFreed, null);
        }
    }

    /// <summary>
    /// What to do with each due refresh, in the order found (soonest due first): send it in its platform's next slot
    /// that comes by <paramref name="horizon"/>, or put it off — to the end of its platform's pause, or to a slot after
    /// the ones reserved, one slot apart from the others put off in this look, so they come back at the budget's pace.
    /// </summary>
    private List<RefreshPlan> Plan(List<DueRefresh> found, DateTime now, DateTime horizon)
    {
        var plans = new List<RefreshPlan>(found.Count);
        var putOffByPlatform = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var refresh in found)
        {
            if (pauses.PausedUntil(refresh.PlatformKey, now) is { } pause)
            {
                plans.Add(new RefreshPlan(refresh, null, pause.Until, pause.Reason));
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refresh look: {Found} due, {Started} started, {PutOff} put off, {UnderWay} under way; {Refreshed} refreshed since the last look; look-up {LookupMs:0.00} ms")]
    private static partial void LogLook(ILogger logger, int found, int started, int putOff, int underWay, int refreshed, double lookupMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for due token refreshes failed ({Error}); the next look tries again")]
    private static partial void LogLookFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing connection {ConnectionId} failed ({Error}); it is tried again when its lease ends")]
    private static partial void LogRefreshFailed(ILogger logger, Guid connectionId, string error);
}
