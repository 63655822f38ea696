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
    private static readonly SqlStatement KeyExists = new("SELECT 1 FROM api_keys WHERE key_hash = @hash");
    private static readonly SqlStatement FirstTenant = new("SELECT id FROM tenants ORDER BY created LIMIT 1");
    private static readonly SqlStatement InsertTenant = new("INSERT INTO tenants (id, name, created) VALUES (@id, @name, @created)");

    private static readonly SqlStatement InsertKey = new(
        "INSERT INTO api_keys (id, tenant_id, name, key_hash, created) VALUES (@id, @tenant, @name, @hash, @created)");

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
    /// Ensures the first tenant and key exist. With <paramref name="configuredKey"/> that key is accepted (created once,
    /// however many nodes start with it); without, a key is generated for an empty database and returned to be shown once.
    /// Runs under the same lock as migrations, so nodes starting together create one tenant. Plain SQL, like the
    /// migrations, so starting the server does not wait for EF Core.
    /// </summary>
    public async Task<string?> BootstrapAsync(string? configuredKey, DatabaseProvider provider, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (provider == DatabaseProvider.Postgres)
        {
            await connection.ScalarAsync(transaction, BootstrapLock, cancellationToken);
        }

        string? generated = null;
        if (configuredKey is not null)
        {
            if (await connection.ScalarAsync(transaction, KeyExists, cancellationToken, ("@hash", ApiKeySecrets.Hash(configuredKey))) is not null)
            {
                return null;
            }

            var existing = await connection.ScalarAsync(transaction, FirstTenant, cancellationToken);
            var tenantId = existing is null ? await InsertTenantAsync(connection, transaction, cancellationToken) : dialect.ReadId(existing);
            await InsertKeyAsync(connection, transaction, NewKey(tenantId, configuredKey, "bootstrap"), cancellationToken);
        }
        else if (await connection.ScalarAsync(transaction, FirstTenant, cancellationToken) is null)
        {
            generated = ApiKeySecrets.Generate();
            var tenantId = await InsertTenantAsync(connection, transaction, cancellationToken);
            await InsertKeyAsync(connection, transaction, NewKey(tenantId, generated, "default"), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return generated;
    }

    private async Task<Guid> InsertTenantAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var tenant = NewTenant("Default");
        await connection.ExecuteAsync(transaction, InsertTenant, cancellationToken,
            ("@id", dialect.Id(tenant.Id)), ("@name", tenant.Name), ("@created", dialect.Time(tenant.Created)));
        return tenant.Id;
    }

    private Task InsertKeyAsync(DbConnection connection, DbTransaction transaction, ApiKeyEntity key, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(transaction, InsertKey, cancellationToken, ("@id", dialect.Id(key.Id)), ("@tenant", dialect.Id(key.TenantId)),
            ("@name", key.Name), ("@hash", key.KeyHash), ("@created", dialect.Time(key.Created)));

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
