using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Switchboard.Server.Persistence;

namespace Switchboard.Server.Connections;

internal sealed class ConnectionEntityConfiguration : IEntityTypeConfiguration<ConnectionEntity>
{
    public void Configure(EntityTypeBuilder<ConnectionEntity> builder)
    {
        builder.ToTable("connections");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Status).HasConversion<string>();
        builder.Property(c => c.SourceType).HasConversion<string>();
        builder.Property(c => c.AuthorizationKeys).HasJsonConversion(StorageJsonContext.Default.ListString);
        builder.Property(c => c.Errors).HasJsonConversion(StorageJsonContext.Default.ListDataConnectionErrorRecord);
        builder.Property(c => c.PlatformInfo).HasJsonConversion(StorageJsonContext.Default.DictionaryStringString);
        builder.HasIndex(c => new { c.CompanyId, c.Created, c.Id });
        // The refresh lease is ConnectionStore's alone (claimed and freed by guarded UPDATEs); mapped only so the model
        // describes the table.
        builder.Property<DateTime?>("RefreshLease");
        builder.Property<string?>("RefreshOwner");
        builder.Property<int>("RefreshFailures");
        builder.Property<DateTime?>("RefreshAt");
        builder.HasIndex("RefreshAt").HasFilter("refresh_at IS NOT NULL");
    }
}
