using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Auth;
using Switchboard.Server.Common;
using Switchboard.Server.Configuration;
using Switchboard.Server.Persistence;

namespace Switchboard.Server.Tenancy;

/// <summary>Creates tenants and their keys outside any request: on first start, from configuration, or by an operator.</summary>
public sealed class TenantAdministration(IDbContextFactory<SwitchboardDbContext> databases, TimeProvider time)
{
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
    /// Runs under the same lock as migrations, so nodes starting together create one tenant.
    /// </summary>
    public async Task<string?> BootstrapAsync(string? configuredKey, DatabaseProvider provider, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(5960433937593090050)", cancellationToken);
        }

        string? generated = null;
        if (configuredKey is not null)
        {
            var hash = ApiKeySecrets.Hash(configuredKey);
            if (await db.ApiKeys.IgnoreQueryFilters().AnyAsync(k => k.KeyHash == hash, cancellationToken))
            {
                return null;
            }

            var tenantId = await db.Tenants.OrderBy(t => t.Created).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
            if (tenantId is null)
            {
                var tenant = NewTenant("Default");
                db.Tenants.Add(tenant);
                tenantId = tenant.Id;
            }

            db.ApiKeys.Add(NewKey(tenantId.Value, configuredKey, "bootstrap"));
        }
        else if (!await db.Tenants.AnyAsync(cancellationToken))
        {
            generated = ApiKeySecrets.Generate();
            var tenant = NewTenant("Default");
            db.Tenants.Add(tenant);
            db.ApiKeys.Add(NewKey(tenant.Id, generated, "default"));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return generated;
    }

    private TenantEntity NewTenant(string name) => new() { Id = Guid.CreateVersion7(), Name = name, Created = time.UtcNow() };

    private ApiKeyEntity NewKey(Guid tenantId, string apiKey, string name) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = tenantId,
        Name = name,
        KeyHash = ApiKeySecrets.Hash(apiKey),
        Created = time.UtcNow(),
    };
}
