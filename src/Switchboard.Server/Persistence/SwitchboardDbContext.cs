using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Auth;
using Switchboard.Server.Companies;
using Switchboard.Server.Connections;
using Switchboard.Server.Idempotency;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Persistence;

/// <summary>
/// The EF Core side of the database: tenants, API keys, companies and idempotency records, each reached only
/// through it. Its rows carry a tenant filter, so a query can only ever see the current tenant's rows;
/// <see cref="TenantId"/> is set for each request by <see cref="PersistenceExtensions"/>. Connections are in the
/// model (the company list's <c>dataConnections.*</c> filters and the cascade from companies need them) but have no
/// set here: every statement on them belongs to <see cref="ConnectionStore"/>.
/// </summary>
public sealed class SwitchboardDbContext(DbContextOptions<SwitchboardDbContext> options) : DbContext(options)
{
    /// <summary>The tenant whose rows are visible; <see cref="Guid.Empty"/> sees none.</summary>
    public Guid TenantId { get; set; }

    public DbSet<TenantEntity> Tenants => Set<TenantEntity>();
    public DbSet<ApiKeyEntity> ApiKeys => Set<ApiKeyEntity>();
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
