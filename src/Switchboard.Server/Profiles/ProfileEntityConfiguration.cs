using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Switchboard.Server.Persistence;

namespace Switchboard.Server.Profiles;

/// <summary>In the model so it describes the whole schema (the drift test); read and written only by <see cref="ProfileStore"/>.</summary>
internal sealed class ProfileEntityConfiguration : IEntityTypeConfiguration<ProfileEntity>
{
    public void Configure(EntityTypeBuilder<ProfileEntity> builder)
    {
        builder.ToTable("profiles");
        builder.HasKey(p => p.TenantId);
        builder.Property(p => p.WhiteListUrls).HasJsonConversion(StorageJsonContext.Default.ListString);
    }
}
