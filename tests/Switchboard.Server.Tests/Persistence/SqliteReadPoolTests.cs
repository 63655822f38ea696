using Microsoft.Data.Sqlite;
using Switchboard.Server.Persistence.Sql;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Persistence;

public sealed class SqliteReadPoolTests : IDisposable
{
    private static readonly SqlStatement SelectValue = new("SELECT value FROM t WHERE id = @id");
    private static readonly SqlStatement Update = new("UPDATE t SET value = @value WHERE id = 1");

    private readonly TempSqliteFile _file = new();
    private readonly SqliteReadPool _pool;

    public SqliteReadPoolTests()
    {
        using var connection = new SqliteConnection(_file.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, value TEXT); INSERT INTO t VALUES (1, 'first');";
        command.ExecuteNonQuery();
        _pool = new SqliteReadPool($"Data Source={_file.Path}", TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_Reused_Connection_Sees_Changes_Committed_Since_It_Was_Last_Used()
    {
        Assert.Equal("first", await ReadAsync());
        using (var writer = new SqliteConnection(_file.ConnectionString))
        {
            writer.Open();
            using var command = writer.CreateCommand();
            command.CommandText = "UPDATE t SET value = 'second' WHERE id = 1";
            command.ExecuteNonQuery();
        }

        Assert.Equal("second", await ReadAsync());
    }

    [Fact]
    public async Task Its_Connections_Cannot_Write()
    {
        await using var lease = await _pool.RentAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<SqliteException>(() => lease.Command(Update).Set("@value", "changed").ExecuteNonQueryAsync());
        Assert.Equal(8, error.SqliteErrorCode); // SQLITE_READONLY
    }

    [Fact]
    public async Task A_Given_Back_Connection_Is_Rented_Again_With_Its_Statement_Prepared()
    {
        System.Data.Common.DbCommand first;
        await using (var lease = await _pool.RentAsync(CancellationToken.None))
        {
            first = lease.Command(SelectValue);
        }

        await using var again = await _pool.RentAsync(CancellationToken.None);
        Assert.Same(first, again.Command(SelectValue));
    }

    public void Dispose()
    {
        _pool.Dispose();
        _file.Dispose();
    }

    private async Task<string?> ReadAsync()
    {
        await using var lease = await _pool.RentAsync(CancellationToken.None);
        return (string?)await lease.Command(SelectValue).Set("@id", 1L).ExecuteScalarAsync();
    }
}
