using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Switchboard.Query.Tests.Model;

/// <summary>Maps the test entities the way the server does on SQLite: dates as UTC ticks.</summary>
public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public DbSet<TestConnection> Connections => Set<TestConnection>();

    public DbSet<TestCompany> Companies => Set<TestCompany>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var utcTicks = new ValueConverter<DateTime, long>(v => v.Ticks, v => new DateTime(v, DateTimeKind.Utc));
        modelBuilder.Entity<TestConnection>(connection =>
        {
            connection.Property(c => c.Created).HasConversion(utcTicks);
            connection.Property(c => c.LastSync).HasConversion(utcTicks);

            // One enum stored as text, one as a number: both must filter.
            connection.Property(c => c.SourceType).HasConversion<string>();
        });
        modelBuilder.Entity<TestCompany>(company =>
        {
            company.Property(c => c.Created).HasConversion(utcTicks);

            // SQLite cannot compare decimals; the EF Core docs advise storing them as double.
            company.Property(c => c.Revenue).HasConversion<double>();
            company.HasMany(c => c.Connections).WithOne().HasForeignKey(c => c.CompanyId);
        });
    }
}
