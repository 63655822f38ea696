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
/// database's own plan of the refresher's statement (also when it leaves paused platforms out), on the run's database, is a range on that index, with no scan of
/// <c>connections</c> or of the whole index.
/// </summary>
public sealed class RefreshLookupPlanTests
{
    private const string Index = "ix_connections_refresh_at";

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task The_Lookup_Of_Due_Connections_Is_Planned_Through_The_Refresh_Time_Index(int platformsLeftOut)
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

        var plan = await PlanAsync(connection, server.Services.GetRequiredService<SqlDialect>(), platformsLeftOut);

        // A range on the index (SQLite's SEARCH, PostgreSQL's Index Cond), not the whole table or the whole index read.
        string[] expected = TestBackend.IsPostgres
            ? [$" on {Index}", "Index Cond: (refresh_at <="]
            : [$"SEARCH connections USING INDEX {Index} (", "refresh_at<?)"];
        Assert.True(expected.All(part => plan.Contains(part, StringComparison.Ordinal)), $"The plan is not a range on {Index}:\n{plan}");
        Assert.False(plan.Contains(TestBackend.IsPostgres ? "Seq Scan" : "SCAN connections", StringComparison.Ordinal), $"The plan reads the table:\n{plan}");
    }

    /// <summary>The plan of the look-up, leaving out <paramref name="platformsLeftOut"/> platforms (paused ones).</summary>
    private static async Task<string> PlanAsync(DbConnection connection, SqlDialect dialect, int platformsLeftOut)
    {
        var now = DateTime.UtcNow;
        await using var command = connection.CreateCommand();
        var statement = platformsLeftOut == 0 ? ConnectionStore.DueForRefresh : ConnectionStore.DueForRefreshSkipping(platformsLeftOut);
        command.CommandText = (TestBackend.IsPostgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + statement.Text;
        (string, object)[] values = [("@now", dialect.Time(now)), ("@take", 200L), .. Enumerable.Range(0, platformsLeftOut).Select(i => ($"@skip{i}", (object)$"platform{i}"))];
        Assert.Equal(statement.ParameterNames.Order(StringComparer.Ordinal), values.Select(v => v.Item1).Order(StringComparer.Ordinal));
        foreach (var (name, value) in values)
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
