using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Connections;
using Switchboard.Server.Persistence.Sql;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.OAuth;

/// <summary>
/// The refresher finds due connections through <c>ix_connections_refresh_at</c>, never by reading the table: the
/// database's own plan of the refresher's statement, on the run's database, is a range on that index, with no scan of
/// <c>connections</c> or of the whole index.
/// </summary>
public sealed class RefreshLookupPlanTests
{
    private const string Index = "ix_connections_refresh_at";

    [Fact]
    public async Task The_Lookup_Of_Due_Connections_Is_Planned_Through_The_Refresh_Time_Index()
    {
        await using var server = await SwitchboardTestServer.StartAsync();
        await using var db = await server.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var connection = db.Database.GetDbConnection();
        if (TestBackend.IsPostgres)
        {
            // An empty table is cheapest to read whole; with scans priced out the plan shows whether the index can serve
            // the statement, as it must once the table is large.
            await ExecuteAsync(connection, "SET enable_seqscan = off");
        }

        var plan = await PlanAsync(connection, server.Services.GetRequiredService<SqlDialect>());

        // A range on the index (SQLite's SEARCH, PostgreSQL's Index Cond), not the whole table or the whole index read.
        string[] expected = TestBackend.IsPostgres
            ? [$" on {Index}", "Index Cond: (refresh_at <="]
            : [$"SEARCH connections USING INDEX {Index} (", "refresh_at<?)"];
        Assert.True(expected.All(part => plan.Contains(part, StringComparison.Ordinal)), $"The plan is not a range on {Index}:\n{plan}");
        Assert.False(plan.Contains(TestBackend.IsPostgres ? "Seq Scan" : "SCAN connections", StringComparison.Ordinal), $"The plan reads the table:\n{plan}");
    }

    private static async Task<string> PlanAsync(DbConnection connection, SqlDialect dialect)
    {
        var now = DateTime.UtcNow;
        await using var command = connection.CreateCommand();
        command.CommandText = (TestBackend.IsPostgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + ConnectionStore.DueForRefresh.Text;
        foreach (var (name, value) in new (string, object)[] { ("@now", dialect.Time(now)), ("@take", 200L) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            // PostgreSQL: one line of text per row; SQLite: (id, parent, notused, detail).
            lines.Add(reader.GetString(reader.FieldCount - 1));
        }

        return string.Join('\n', lines);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
