using System.Data.Common;
using Switchboard.Server.ApiKeys;
using Switchboard.Server.Auth;
using Switchboard.Server.Common;
using Switchboard.Server.Configuration;
using Switchboard.Server.Persistence.Sql;

namespace Switchboard.Server.Tenancy;

/// <summary>
/// Creates tenants and their keys outside any request: on first start, from configuration, or by an operator.
/// Plain SQL through the tenant and key stores, like the migrations, so starting the server does not wait for EF Core.
/// </summary>
internal sealed class TenantAdministration(DbDataSource dataSource, TenantStore tenants, ApiKeyStore keys, TimeProvider time)
{
    private static readonly SqlStatement BootstrapLock = new("SELECT pg_advisory_xact_lock(5960433937593090050)");

    /// <summary>Creates a tenant with one new API key; the key is returned once and only its hash is stored.</summary>
    public async Task<(Guid TenantId, string ApiKey)> CreateTenantAsync(string name, CancellationToken cancellationToken)
    {
        await using var transaction = await SqlTransaction.BeginAsync(dataSource, cancellationToken);
        var apiKey = ApiKeySecrets.Generate();
        var tenant = await InsertTenantAsync(transaction, name, cancellationToken);
        await keys.InsertAsync(transaction, NewKey(tenant, apiKey, "default"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (tenant.Value, apiKey);
    }

    /// <summary>
    /// Gives an empty database its first tenant and key: <paramref name="configuredKey"/> when set (for scripts, CI and
    /// every node of a deployment), else a generated key that is returned to be shown once. A database that already has
    /// a tenant is left as it is, so a bootstrap key that was deleted stays deleted however often nodes restart with it.
    /// Runs under a lock, so nodes starting together create one tenant.
    /// </summary>
    public async Task<BootstrapOutcome> BootstrapAsync(string? configuredKey, DatabaseProvider provider, CancellationToken cancellationToken)
    {
        await using var transaction = await SqlTransaction.BeginAsync(dataSource, cancellationToken);
        if (provider == DatabaseProvider.Postgres)
        {
            await using var command = transaction.Command(BootstrapLock);
            await command.RunNonQueryAsync(cancellationToken);
        }

        if (await tenants.FindFirstAsync(transaction, cancellationToken) is not null)
        {
            var ignored = configuredKey is not null &&
                await keys.FindByHashAsync(transaction, ApiKeySecrets.Hash(configuredKey), cancellationToken) is null;
            return new BootstrapOutcome(null, ConfiguredKeyIgnored: ignored);
        }

        var apiKey = configuredKey ?? ApiKeySecrets.Generate();
        var tenant = await InsertTenantAsync(transaction, "Default", cancellationToken);
        await keys.InsertAsync(transaction, NewKey(tenant, apiKey, configuredKey is null ? "default" : "bootstrap"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new BootstrapOutcome(configuredKey is null ? apiKey : null, ConfiguredKeyIgnored: false);
    }

    private async Task<TenantId> InsertTenantAsync(SqlTransaction transaction, string name, CancellationToken cancellationToken)
    {
        var tenant = new TenantEntity { Id = SequentialIds.Next(time), Name = name, Created = time.UtcNow() };
        await tenants.InsertAsync(transaction, tenant, cancellationToken);
        return new TenantId(tenant.Id);
    }

    private ApiKeyEntity NewKey(TenantId tenant, string apiKey, string name) => new()
    {
        Id = SequentialIds.Next(time),
        TenantId = tenant.Value,
        Name = name,
        KeyHash = ApiKeySecrets.Hash(apiKey),
        Created = time.UtcNow(),
    };
}
