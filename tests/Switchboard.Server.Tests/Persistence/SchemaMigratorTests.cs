using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Server.Configuration;
using Switchboard.Server.Persistence;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Persistence;

public sealed class SchemaMigratorTests : IDisposable
{
    private readonly TempSqliteFile _file = new();

    [Fact]
    public async Task A_Database_From_A_Pre_Release_Build_Loses_Its_Tenant_Led_Connection_Index()
    {
        var dataSource = SqliteFactory.Instance.CreateDataSource(_file.ConnectionString);
        var migrator = new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance);
        // A database at version 2 (as a pre-release build left it), with the index version 3 drops; later versions come after.
        foreach (var script in SchemaMigrator.LoadScripts(DatabaseProvider.Sqlite).Where(s => s.Version <= 2))
        {
            await ExecuteAsync(dataSource, script.Sql);
        }

        await ExecuteAsync(dataSource,
            "CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL); " +
            "INSERT INTO schema_migrations VALUES (1, '0001_initial', '2026-01-01'), (2, '0002_idempotency', '2026-01-01'); " +
            "CREATE INDEX ix_connections_tenant_created ON connections (tenant_id, created, id);");

        await migrator.MigrateAsync(DatabaseProvider.Sqlite, CancellationToken.None);

        Assert.Equal(0L, await ExecuteAsync(dataSource, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'ix_connections_tenant_created'"));
        Assert.Equal(1L, await ExecuteAsync(dataSource, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'ix_connections_company_created'"));
    }

    public void Dispose() => _file.Dispose();

    private static async Task<object?> ExecuteAsync(System.Data.Common.DbDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
