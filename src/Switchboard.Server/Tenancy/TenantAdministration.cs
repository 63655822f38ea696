using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Auth;
using Switchboard.Server.Common;
using Switchboard.Server.Configuration;
using Switchboard.Server.Persistence;
using Switchboard.Server.Persistence.Sql;

namespace Switchboard.Server.Tenancy;

/// <summary>Creates tenants and their keys outside any request: on first start, from configuration, or by an operator.</summary>
public sealed class TenantAdministration(IDbContextFactory<SwitchboardDbContext> databases, DbDataSource dataSource, SqlDialect dialect, TimeProvider time)
{
    private static readonly SqlStatement BootstrapLock = new("SELECT pg_advisory_xact_lock(5960433937593090050)");
    private static readonly SqlStatement KeyExists = new("SELECT 1 FROM api_keys WHERE key_hash = @hash", "@hash");
    private static readonly SqlStatement FirstTenant = new("SELECT id FROM tenants ORDER BY created LIMIT 1");
    private static readonly SqlStatement InsertTenant = new("INSERT INTO tenants (id, name, created) VALUES (@id, @name, @created)", "@id", "@name", "@created");

    private static readonly SqlStatement InsertKey = new(
        "INSERT INTO api_keys (id, tenant_id, name, key_hash, created) VALUES (@id, @tenant, @name, @hash, @created)",
        "@id", "@tenant", "@name", "@hash", "@created");

    /// <summary>Creates a tenant with one new API key; the key is returned once and only its hash is stored.</summary>
    public async Task<(Guid TenantId, string ApiKey)> CreateTenantAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var apiKey = ApiKeySecrets.Generate();
        var tenant = NewTenant(name);
        db.Tenants.Add(tenant);
        db.ApiKeys.Add(NewKey(tenant.Id, apiKey, "default"));
        await db.SaveChangesAsync(cancellationToken);
        return (tenant.Id, apiKey);
    }

    /// <summary>
    /// Gives an empty database its first tenant and key: <paramref name="configuredKey"/> when set (for scripts, CI and
    /// every node of a deployment), else a generated key that is returned to be shown once. A database that already has
    /// a tenant is left as it is, so a bootstrap key that was deleted stays deleted however often nodes restart with it.
    /// Runs under the same lock as migrations, so nodes starting together create one tenant. Plain SQL, like the
    /// migrations, so starting the server does not wait for EF Core.
    /// </summary>
    public async Task<BootstrapOutcome> BootstrapAsync(string? configuredKey, DatabaseProvider provider, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (provider == DatabaseProvider.Postgres)
        {
            await connection.ScalarAsync(transaction, BootstrapLock, cancellationToken);
        }

        if (await connection.ScalarAsync(transaction, FirstTenant, cancellationToken) is not null)
        {
            var ignored = configuredKey is not null &&
                await connection.ScalarAsync(transaction, KeyExists, cancellationToken, ApiKeySecrets.Hash(configuredKey)) is null;
            return new BootstrapOutcome(null, ConfiguredKeyIgnored: ignored);
        }

        var apiKey = configuredKey ?? ApiKeySecrets.Generate();
        var tenantId = await InsertTenantAsync(connection, transaction, cancellationToken);
        await InsertKeyAsync(connection, transaction, NewKey(tenantId, apiKey, configuredKey is null ? "default" : "bootstrap"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new BootstrapOutcome(configuredKey is null ? apiKey : null, ConfiguredKeyIgnored: false);
    }

    private async Task<Guid> InsertTenantAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var tenant = NewTenant("Default");
        await connection.ExecuteAsync(transaction, InsertTenant, cancellationToken, dialect.Id(tenant.Id), tenant.Name, dialect.Time(tenant.Created));
        return tenant.Id;
    }

    private Task InsertKeyAsync(DbConnection connection, DbTransaction transaction, ApiKeyEntity key, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(transaction, InsertKey, cancellationToken, dialect.Id(key.Id), dialect.Id(key.TenantId), key.Name, key.KeyHash, dialect.Time(key.Created));

    private TenantEntity NewTenant(string name) => new() { Id = SequentialIds.Next(time), Name = name, Created = time.UtcNow() };

    private ApiKeyEntity NewKey(Guid tenantId, string apiKey, string name) => new()
    {
        Id = SequentialIds.Next(time),
        TenantId = tenantId,
        Name = name,
        KeyHash = ApiKeySecrets.Hash(apiKey),
        Created = time.UtcNow(),
    };
}
