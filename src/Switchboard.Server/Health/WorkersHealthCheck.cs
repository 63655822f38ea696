using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Switchboard.Server.Health;

/// <summary>Every registered background worker has beaten recently.</summary>
internal sealed class WorkersHealthCheck(WorkerHeartbeats heartbeats) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var workers = heartbeats.Check();
        var data = workers.ToDictionary(w => w.Name, w => (object)w.State, StringComparer.Ordinal);
        var dead = workers.Where(w => !w.Alive).Select(w => w.Name).ToList();
        return Task.FromResult(dead.Count == 0
            ? HealthCheckResult.Healthy($"{workers.Count} background worker(s) alive.", data)
            : HealthCheckResult.Unhealthy($"Background worker(s) not alive: {string.Join(", ", dead)}.", data: data));
    }
}
