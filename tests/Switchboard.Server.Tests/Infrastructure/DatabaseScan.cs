using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>Reads every row of every table of a test server's database, whatever the backend, to look for a value.</summary>
public static class DatabaseScan
{
    /// <summary>
    /// The tables read, and <c>table.column</c> for each value that holds <paramref name="needle"/> as text (any case) or
    /// as UTF-8/UTF-16 bytes.
    /// </summary>
    public static Task<(IReadOnlyList<string> Tables, IReadOnlyList<string> Hits)> FindInEveryTableAsync(this SwitchboardTestServer server, string needle) =>
        server.FindInEveryTableAsync(
            Encoding.UTF8.GetBytes(needle), Encoding.UTF8.GetBytes(needle.ToUpperInvariant()), Encoding.UTF8.GetBytes(needle.ToLowerInvariant()), Encoding.Unicode.GetBytes(needle));

    /// <summary>The tables read, and <c>table.column</c> for each value whose bytes (text as UTF-8) hold any of <paramref name="needles"/>.</summary>
    public static async Task<(IReadOnlyList<string> Tables, IReadOnlyList<string> Hits)> FindInEveryTableAsync(this SwitchboardTestServer server, params byte[][] needles)
    {
        await using var db = await server.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        var tables = await ColumnAsync(connection, TestBackend.IsPostgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        var hits = new List<string>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var bytes = reader.GetValue(i) switch
                    {
                        byte[] binary => binary,
                        DBNull => [],
                        var value => Encoding.UTF8.GetBytes(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
                    };
                    if (needles.Any(needle => bytes.AsSpan().IndexOf(needle) >= 0))
                    {
                        hits.Add($"{table}.{reader.GetName(i)}");
                    }
                }
            }
        }

        return (tables, hits);
    }

    /// <summary>The first column of every row <paramref name="sql"/> answers, as text.</summary>
    public static async Task<List<string>> ColumnAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
