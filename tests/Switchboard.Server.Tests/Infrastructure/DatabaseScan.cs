using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>Reads every row of every table of a test server's database, whatever the backend, to look for a value.</summary>
public static class DatabaseScan
{
    /// <summary>The tables read, and <c>table.column</c> for each value that holds <paramref name="needle"/> as text or UTF-8/UTF-16 bytes.</summary>
    public static async Task<(IReadOnlyList<string> Tables, IReadOnlyList<string> Hits)> FindInEveryTableAsync(this TestServer server, string needle)
    {
        await using var db = await server.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        var tables = await ColumnAsync(connection, TestBackend.IsPostgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            : "SELECT name FROM sqlite_master WHERE type = 'table'");
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
                    if (Holds(reader.GetValue(i), needle))
                    {
                        hits.Add($"{table}.{reader.GetName(i)}");
                    }
                }
            }
        }

        return (tables, hits);
    }

    private static bool Holds(object value, string needle) => value switch
    {
        byte[] bytes => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0 || bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(needle)) >= 0,
        DBNull => false,
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)?.Contains(needle, StringComparison.OrdinalIgnoreCase) == true,
    };

    private static async Task<List<string>> ColumnAsync(DbConnection connection, string sql)
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
