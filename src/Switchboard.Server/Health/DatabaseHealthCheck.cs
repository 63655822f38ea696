using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;
using Switchboard.Server.Persistence;

namespace Switchboard.Server.Health;

/// <summary>The database answers, and its schema has every migration this version of the server knows.</summary>
internal sealed class DatabaseHealthCheck(SchemaMigrator migrator, IOptions<SwitchboardOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        int pending;
        try
        {
            pending = await migrator.PendingCountAsync(options.Value.Database.Provider, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The exception's type only: a connection error's message can name hosts and users.
            return HealthCheckResult.Unhealthy($"The database cannot be reached ({exception.GetType().Name}).");
        }

        return pending == 0
            ? HealthCheckResult.Healthy("The database answers and its schema is current.")
            : HealthCheckResult.Unhealthy($"{pending} schema migration(s) not applied.");
    }
}
