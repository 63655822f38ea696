using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Server.Configuration;
using Switchboard.Server.Persistence;
using Xunit;

namespace Switchboard.Server.Tests.Persistence;

public sealed class SchemaMigratorTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"switchboard-migrate-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task A_Database_From_A_Pre_Release_Build_Loses_Its_Tenant_Led_Connection_Index()
    {
        var dataSource = SqliteFactory.Instance.CreateDataSource($"Data Source={_path};Pooling=False");
        var migrator = new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance);
        await migrator.MigrateAsync(DatabaseProvider.Sqlite, CancellationToken.None);
        await ExecuteAsync(dataSource, "CREATE INDEX ix_connections_tenant_created ON connections (tenant_id, created, id); DELETE FROM schema_migrations WHERE version = 3;");

        await migrator.MigrateAsync(DatabaseProvider.Sqlite, CancellationToken.None);

        Assert.Equal(0L, await ExecuteAsync(dataSource, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'ix_connections_tenant_created'"));
        Assert.Equal(1L, await ExecuteAsync(dataSource, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'ix_connections_company_created'"));
    }

    public void Dispose()
    {
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static async Task<object?> ExecuteAsync(System.Data.Common.DbDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
