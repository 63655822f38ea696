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
        await migrator.MigrateAsync(DatabaseProvider.Sqlite, CancellationToken.None);
        await ExecuteAsync(dataSource, "CREATE INDEX ix_connections_tenant_created ON connections (tenant_id, created, id); DELETE FROM schema_migrations WHERE version >= 3;");

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
