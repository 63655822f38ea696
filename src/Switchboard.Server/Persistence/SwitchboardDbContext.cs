using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Auth;
using Switchboard.Server.Companies;
using Switchboard.Server.Connections;
using Switchboard.Server.Idempotency;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Persistence;

/// <summary>
/// The EF Core side of the database: companies (with their tags) and idempotency records, each reached only
/// through it. Its rows carry a tenant filter, so a query can only ever see the current tenant's rows;
/// <see cref="TenantId"/> is set for each request by <see cref="PersistenceExtensions"/>. Tenants, API keys and
/// connections are in the model, which describes the whole schema (the company list's <c>dataConnections.*</c>
/// filters and the schema drift test need them), but have no set here: their statements belong to
/// <see cref="Tenancy.TenantStore"/>, <see cref="ApiKeys.ApiKeyStore"/> and <see cref="ConnectionStore"/>.
/// </summary>
public sealed class SwitchboardDbContext(DbContextOptions<SwitchboardDbContext> options) : DbContext(options)
{
    /// <summary>The tenant whose rows are visible; <see cref="Guid.Empty"/> sees none.</summary>
    public Guid TenantId { get; set; }

    public DbSet<CompanyEntity> Companies => Set<CompanyEntity>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SwitchboardDbContext).Assembly);
        modelBuilder.Entity<CompanyEntity>().HasQueryFilter(c => c.TenantId == TenantId);
        modelBuilder.Entity<ConnectionEntity>().HasQueryFilter(c => c.TenantId == TenantId);
        modelBuilder.Entity<ApiKeyEntity>().HasQueryFilter(k => k.TenantId == TenantId);
        modelBuilder.Entity<IdempotencyRecord>().HasQueryFilter(r => r.TenantId == TenantId);
        StorageConventions.Apply(modelBuilder, Database.ProviderName);
    }
}
