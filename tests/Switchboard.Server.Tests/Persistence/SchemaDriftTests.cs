using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Persistence;

/// <summary>
/// The EF model and the schema the SQL migrations create describe the same tables, columns (type and nullability),
/// primary keys and indexes (columns in order, and uniqueness), on the run's database. Both sides are written as the
/// same lines of facts, so the failure lists every fact one side has and the other lacks. Index names are not
/// compared: nothing reads them, and EF's default names differ from the scripts'.
/// </summary>
public sealed class SchemaDriftTests
{
    /// <summary>Tables the migrations create that the EF model does not map, on purpose (each is its store's alone).</summary>
    private static readonly string[] UnmappedTables = ["schema_migrations", "webhook_consumers", "webhook_events", "webhook_deliveries", "oauth_states", "data_protection_keys"];

    private static readonly Dictionary<string, string> PostgresTypeAliases = new(StringComparer.Ordinal)
    {
        ["timestamptz"] = "timestamp with time zone",
        ["int8"] = "bigint",
        ["int4"] = "integer",
        ["int2"] = "smallint",
        ["bool"] = "boolean",
        ["varchar"] = "character varying",
    };

    [Fact]
    public async Task MigratedSchema_MatchesTheEfModel()
    {
        await using var server = await SwitchboardTestServer.StartAsync();
        await using var db = await server.CreateDbContextAsync();
        var model = DescribeModel(db.GetService<IDesignTimeModel>().Model);
        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var connection = db.Database.GetDbConnection();
        var database = TestBackend.IsPostgres ? await DescribePostgresAsync(connection) : await DescribeSqliteAsync(connection);

        var mappedDatabase = database.Where(fact => !UnmappedTables.Contains(TableOf(fact))).ToHashSet();
        var differences = model.Except(mappedDatabase).Select(fact => "only in the EF model: " + fact)
            .Concat(mappedDatabase.Except(model).Select(fact => "only in the migrated database: " + fact))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(differences.Count == 0, $"The EF model and the {TestBackend.Name} migrations differ:\n" + string.Join("\n", differences));
        Assert.All(UnmappedTables, table => Assert.Contains(Table(table), database));
    }

    private static HashSet<string> DescribeModel(IModel model)
    {
        var facts = new HashSet<string>();
        foreach (var entity in model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            facts.Add(Table(table));
            foreach (var property in entity.GetProperties())
            {
                facts.Add(Column(table, property.GetColumnName(store)!, property.GetColumnType(store), property.IsColumnNullable(store)));
            }

            facts.Add(PrimaryKey(table, entity.FindPrimaryKey()!.Properties.Select(p => p.GetColumnName(store)!)));
            foreach (var index in entity.GetIndexes())
            {
                facts.Add(Index(table, index.Properties.Select(p => p.GetColumnName(store)!), index.IsUnique));
            }
        }

        return facts;
    }

    private static async Task<HashSet<string>> DescribeSqliteAsync(DbConnection connection)
    {
        var facts = new HashSet<string>();
        var tables = await QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        foreach (var table in tables.Select(row => (string)row[0]))
        {
            facts.Add(Table(table));
            var columns = await QueryAsync(connection, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}')");
            foreach (var column in columns)
            {
                facts.Add(Column(table, (string)column[0], (string)column[1], (long)column[2] == 0));
            }

            facts.Add(PrimaryKey(table, columns.Where(c => (long)c[3] > 0).OrderBy(c => (long)c[3]).Select(c => (string)c[0])));

            // Origin 'pk' is the index SQLite makes for a primary key, compared above as the key.
            var indexes = await QueryAsync(connection, $"SELECT name, \"unique\" FROM pragma_index_list('{table}') WHERE origin <> 'pk'");
            foreach (var index in indexes)
            {
                var indexColumns = await QueryAsync(connection, $"SELECT name FROM pragma_index_info('{index[0]}') ORDER BY seqno");
                facts.Add(Index(table, indexColumns.Select(c => (string)c[0]), (long)index[1] == 1));
            }
        }

        return facts;
    }

    private static async Task<HashSet<string>> DescribePostgresAsync(DbConnection connection)
    {
        var facts = new HashSet<string>();
        var tables = await QueryAsync(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
        facts.UnionWith(tables.Select(row => Table((string)row[0])));
        var columns = await QueryAsync(connection, "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public'");
        facts.UnionWith(columns.Select(c => Column((string)c[0], (string)c[1], (string)c[2], (string)c[3] == "YES")));
        var indexes = await QueryAsync(
            connection,
            """
            SELECT t.relname,
                   (SELECT string_agg(a.attname, ',' ORDER BY k.position)
                      FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
                      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum),
                   ix.indisunique, ix.indisprimary
              FROM pg_index ix
              JOIN pg_class t ON t.oid = ix.indrelid
              JOIN pg_namespace n ON n.oid = t.relnamespace
             WHERE n.nspname = 'public'
            """);
        foreach (var index in indexes)
        {
            var indexColumns = ((string)index[1]).Split(',');
            facts.Add((bool)index[3] ? PrimaryKey((string)index[0], indexColumns) : Index((string)index[0], indexColumns, (bool)index[2]));
        }

        return facts;
    }

    // Every fact starts with its table, so the unmapped tables' facts are easy to set aside.
    private static string Table(string table) => $"{table}: table";

    private static string Column(string table, string column, string? type, bool nullable) =>
        $"{table}: column {column} {NormalizeType(type)} {(nullable ? "null" : "not null")}";

    private static string PrimaryKey(string table, IEnumerable<string> columns) => $"{table}: primary key ({string.Join(", ", columns)})";

    private static string Index(string table, IEnumerable<string> columns, bool unique) =>
        $"{table}: {(unique ? "unique index" : "index")} ({string.Join(", ", columns)})";

    private static string TableOf(string fact) => fact[..fact.IndexOf(':', StringComparison.Ordinal)];

    /// <summary>
    /// One spelling per type: SQLite's affinity of a declared type (what SQLite itself goes by), PostgreSQL's
    /// standard name of an alias.
    /// </summary>
    private static string NormalizeType(string? type)
    {
        var declared = (type ?? string.Empty).Trim();
        if (TestBackend.IsPostgres)
        {
            var lower = declared.ToLowerInvariant();
            return PostgresTypeAliases.GetValueOrDefault(lower, lower);
        }

        var upper = declared.ToUpperInvariant();
        return upper switch
        {
            _ when upper.Contains("INT", StringComparison.Ordinal) => "INTEGER",
            _ when upper.Contains("CHAR", StringComparison.Ordinal) || upper.Contains("CLOB", StringComparison.Ordinal) || upper.Contains("TEXT", StringComparison.Ordinal) => "TEXT",
            _ when upper.Length == 0 || upper.Contains("BLOB", StringComparison.Ordinal) => "BLOB",
            _ when upper.Contains("REAL", StringComparison.Ordinal) || upper.Contains("FLOA", StringComparison.Ordinal) || upper.Contains("DOUB", StringComparison.Ordinal) => "REAL",
            _ => "NUMERIC",
        };
    }

    private static async Task<List<object[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<object[]>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }
}
