using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Switchboard.Server.Common;
using Switchboard.Server.Configuration;
using Switchboard.Server.Health;
using Switchboard.Server.Persistence;

namespace Switchboard.Server.Idempotency;

/// <summary>Deletes idempotency records past their retention, every few minutes. Safe to run on every node.</summary>
internal sealed class IdempotencyCleanup(
    IDbContextFactory<SwitchboardDbContext> databases, IOptions<SwitchboardOptions> options, TimeProvider time, WorkerHeartbeats heartbeats)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    // Registered when the host builds the worker, before the server answers: readiness knows it from the first probe.
    private readonly WorkerHeartbeat _heartbeat = heartbeats.Register("idempotency-cleanup", Interval * 2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            _heartbeat.Beat();
            try
            {
                await using var db = await databases.CreateDbContextAsync(stoppingToken);
                var cutoff = time.UtcNow() - options.Value.Idempotency.Retention;
                await db.IdempotencyRecords.IgnoreQueryFilters().Where(r => r.Created < cutoff).ExecuteDeleteAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A busy database this time; the next tick tries again. Lookups ignore expired rows anyway.
            }
        }
    }
}
