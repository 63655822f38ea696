using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Switchboard.Query.Tests.Model;

/// <summary>A real SQLite file in the temp folder, seeded with <see cref="SeedData"/>, deleted afterwards.</summary>
public sealed class SqliteDatabase : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"switchboard-query-{Guid.NewGuid():N}.db");

    public TestDbContext CreateContext() => new(
        new DbContextOptionsBuilder<TestDbContext>()
            .UseSqlite($"Data Source={_path}")
            .Options);

    public async ValueTask InitializeAsync()
    {
        await using var db = CreateContext();
        await db.Database.EnsureCreatedAsync();
        db.Companies.AddRange(SeedData.Companies());
        await db.SaveChangesAsync();
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
        return ValueTask.CompletedTask;
    }
}
