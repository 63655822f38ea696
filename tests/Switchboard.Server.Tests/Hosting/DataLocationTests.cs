using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Hosting;

/// <summary>The start-up log says where the data is: the SQLite file's full path, or PostgreSQL's host and database, never a password.</summary>
public sealed class DataLocationTests
{
    [Fact]
    public async Task StartUp_LogsWhereTheDatabaseIs()
    {
        await using var server = await SwitchboardTestServer.StartAsync();

        var expected = TestBackend.IsPostgres
            ? "Data: PostgreSQL database 'sb_test_"
            : $"Data: SQLite file {Path.GetFullPath(server.SqliteFile)}";
        Assert.Contains(expected, server.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", server.Logs.All, StringComparison.OrdinalIgnoreCase);
    }
}
