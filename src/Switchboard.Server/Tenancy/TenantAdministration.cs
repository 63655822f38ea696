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
    /// Ensures the first tenant and key exist. With <paramref name="configuredKey"/> that key is accepted (created once,
    /// however many nodes start with it); without, a key is generated for an empty database and returned to be shown once.
    /// Runs under a lock, so nodes starting together create one tenant.
    /// </summary>
    public async Task<string?> BootstrapAsync(string? configuredKey, DatabaseProvider provider, CancellationToken cancellationToken)
    {
        await using var transaction = await SqlTransaction.BeginAsync(dataSource, cancellationToken);
        if (provider == DatabaseProvider.Postgres)
        {
            await using var command = transaction.Command(BootstrapLock);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        string? generated = null;
        if (configuredKey is not null)
        {
            if (await keys.FindByHashAsync(transaction, ApiKeySecrets.Hash(configuredKey), cancellationToken) is not null)
            {
                return null;
            }

            var tenant = await tenants.FindFirstAsync(transaction, cancellationToken) ?? await InsertTenantAsync(transaction, "Default", cancellationToken);
            await keys.InsertAsync(transaction, NewKey(tenant, configuredKey, "bootstrap"), cancellationToken);
        }
        else if (await tenants.FindFirstAsync(transaction, cancellationToken) is null)
        {
            generated = ApiKeySecrets.Generate();
            var tenant = await InsertTenantAsync(transaction, "Default", cancellationToken);
            await keys.InsertAsync(transaction, NewKey(tenant, generated, "default"), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return generated;
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
