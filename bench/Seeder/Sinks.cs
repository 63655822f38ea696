using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Switchboard.Bench.Seeder;

internal interface ISink : IAsyncDisposable
{
    Task<Guid> OpenAsync();
    Task AddCompanyAsync(CompanyRow company, Guid tenantId);
    Task AddConnectionAsync(ConnectionRow connection, Guid tenantId);
    Task CompleteAsync();
}

/// <summary>
/// The columns the seeder fills. The schema is read first: a table with other columns is refused with a message
/// (update the seeder), never half-seeded. Company tags go to <c>company_tags</c>, or to a JSON <c>tags</c> column
/// in schemas that have one.
/// </summary>
internal static class Schema
{
    public static readonly string[] CompanyColumns = ["id", "tenant_id", "name", "description", "created", "modified", "last_sync", "version"];

    public static readonly string[] ConnectionColumns =
    [
        "id", "tenant_id", "company_id", "integration_key", "integration_id", "source_id", "source_type", "platform_name", "status",
        "created", "modified", "last_sync", "version", "credential_key_id", "credentials", "authorization_keys", "authorized", "errors",
    ];

    /// <summary>
    /// Connection columns the seeder leaves to their defaults: the OAuth token set's expiry, refresh lease and
    /// platform facts (NULL, 0, '{}'), as for a connection authorized by typing credentials, as the seeded ones are, and
    /// the authorization version its links bind (1, as for a connection never authorized or unlinked since).
    /// </summary>
    public static readonly string[] DefaultedConnectionColumns =
        ["token_expires", "refresh_at", "refresh_lease", "refresh_owner", "refresh_failures", "platform_info", "authorization_version"];

    public static readonly string[] TagColumns = ["company_id", "key", "value"];

    /// <summary>Checks the tables against the seeder; returns the company columns to fill and whether tags have their own table.</summary>
    public static async Task<(string[] CompanyColumns, bool TagTable)> ResolveAsync(Func<string, Task<HashSet<string>>> columnsOf)
    {
        var companies = await columnsOf("companies");
        string[] companyColumns = companies.Contains("tags") ? [.. CompanyColumns, "tags"] : CompanyColumns;
        Check("companies", companies, companyColumns);
        Check("connections", await columnsOf("connections"), ConnectionColumns, DefaultedConnectionColumns);
        var tags = await columnsOf("company_tags");
        if (tags.Count > 0)
        {
            Check("company_tags", tags, TagColumns);
        }

        return (companyColumns, tags.Count > 0);
    }

    private static void Check(string table, HashSet<string> actual, string[] expected, string[]? defaulted = null)
    {
        var missing = expected.Where(c => !actual.Contains(c)).ToList();
        var unknown = actual.Where(c => !expected.Contains(c) && !(defaulted ?? []).Contains(c)).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"The {table} table does not match the bench seeder (bench/Seeder/Sinks.cs): missing [{string.Join(", ", missing)}], " +
                $"unknown [{string.Join(", ", unknown)}]. Update the seeder to the new schema.");
        }
    }
}

/// <summary>SQLite as EF Core stores it: GUIDs as uppercase text, times as UTC ticks, enums by name. Prepared inserts, one transaction.</summary>
internal sealed class SqliteSink(string connectionString) : ISink
{
    private readonly SqliteConnection _connection = new(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
    private SqliteTransaction? _transaction;
    private SqliteCommand? _company;
    private SqliteCommand? _tag;
    private SqliteCommand? _connectionInsert;
    private bool _tagsColumn;

    public async Task<Guid> OpenAsync()
    {
        await _connection.OpenAsync();
        var (companyColumns, tagTable) = await Schema.ResolveAsync(Columns);
        _tagsColumn = companyColumns.Contains("tags");
        var existing = Convert.ToInt64(await Scalar("SELECT COUNT(*) FROM connections;"), CultureInfo.InvariantCulture);
        if (existing > 0)
        {
            throw new InvalidOperationException($"The database already holds {existing} connections; seed a freshly migrated one.");
        }

        var tenant = (string?)await Scalar("SELECT id FROM tenants ORDER BY created LIMIT 1;")
            ?? throw new InvalidOperationException("No tenant: start the server once (with Switchboard__BootstrapApiKey) before seeding.");
        // Bulk-load settings for this connection only; the file stays in WAL mode for the server.
        await Execute("PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA foreign_keys=OFF;");
        _transaction = _connection.BeginTransaction();
        _company = Prepare("companies", companyColumns);
        _tag = tagTable ? Prepare("company_tags", Schema.TagColumns) : null;
        _connectionInsert = Prepare("connections", Schema.ConnectionColumns);
        return Guid.Parse(tenant);
    }

    public async Task AddCompanyAsync(CompanyRow company, Guid tenantId)
    {
        var p = _company!.Parameters;
        p[0].Value = Text(company.Id);
        p[1].Value = Text(tenantId);
        p[2].Value = company.Name;
        p[3].Value = (object?)company.Description ?? DBNull.Value;
        p[4].Value = company.Created.Ticks;
        p[5].Value = company.Created.Ticks;
        p[6].Value = DBNull.Value;
        p[7].Value = 1L;
        if (_tagsColumn)
        {
            p[8].Value = company.TagsJson;
        }

        await _company.ExecuteNonQueryAsync();
        if (_tag is not null)
        {
            foreach (var (key, value) in company.Tags)
            {
                _tag.Parameters[0].Value = Text(company.Id);
                _tag.Parameters[1].Value = key;
                _tag.Parameters[2].Value = value;
                await _tag.ExecuteNonQueryAsync();
            }
        }
    }

    public async Task AddConnectionAsync(ConnectionRow c, Guid tenantId)
    {
        var p = _connectionInsert!.Parameters;
        p[0].Value = Text(c.Id);
        p[1].Value = Text(tenantId);
        p[2].Value = Text(c.CompanyId);
        p[3].Value = c.Integration.Key;
        p[4].Value = Text(c.Integration.IntegrationId);
        p[5].Value = Text(c.Integration.SourceId);
        p[6].Value = c.Integration.SourceType;
        p[7].Value = c.Integration.Name;
        p[8].Value = c.Status.ToString();
        p[9].Value = c.Created.Ticks;
        p[10].Value = c.Modified.Ticks;
        p[11].Value = c.LastSync is { } lastSync ? lastSync.Ticks : DBNull.Value;
        p[12].Value = c.Version;
        p[13].Value = (object?)c.CredentialKeyId ?? DBNull.Value;
        p[14].Value = (object?)c.Credentials ?? DBNull.Value;
        p[15].Value = c.AuthorizationKeys;
        p[16].Value = c.Authorized is { } authorized ? authorized.Ticks : DBNull.Value;
        p[17].Value = c.Errors;
        await _connectionInsert.ExecuteNonQueryAsync();
    }

    public async Task CompleteAsync()
    {
        await _transaction!.CommitAsync();
        _transaction = null;
        // Back to WAL (what the server set), everything in the main file, no ANALYZE: as a database grown through the API.
        await Execute("PRAGMA journal_mode=WAL;");
        await Execute("PRAGMA wal_checkpoint(TRUNCATE);");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in new IAsyncDisposable?[] { _transaction, _company, _tag, _connectionInsert })
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }

        await _connection.DisposeAsync();
    }

    private static string Text(Guid id) => id.ToString("D").ToUpperInvariant();

    private SqliteCommand Prepare(string table, string[] columns)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        var names = columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", names)});";
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        command.Prepare();
        return command;
    }

    private async Task<HashSet<string>> Columns(string table)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($table);";
        command.Parameters.AddWithValue("$table", table);
        var columns = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private async Task<object?> Scalar(string sql)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private async Task Execute(string sql)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>PostgreSQL: binary COPY of the tables in one transaction (the bulk path of a prepared insert), then ANALYZE as autovacuum would.</summary>
internal sealed class PostgresSink(string connectionString) : ISink
{
    private readonly List<(CompanyRow Row, Guid Tenant)> _companies = [];
    private readonly List<(ConnectionRow Row, Guid Tenant)> _connections = [];
    private readonly NpgsqlConnection _connection = new(connectionString);
    private string[] _companyColumns = Schema.CompanyColumns;
    private bool _tagTable;

    public async Task<Guid> OpenAsync()
    {
        await _connection.OpenAsync();
        (_companyColumns, _tagTable) = await Schema.ResolveAsync(Columns);
        await using (var count = new NpgsqlCommand("SELECT COUNT(*) FROM connections", _connection))
        {
            var existing = (long)(await count.ExecuteScalarAsync())!;
            if (existing > 0)
            {
                throw new InvalidOperationException($"The database already holds {existing} connections; seed a freshly migrated one.");
            }
        }

        await using var tenant = new NpgsqlCommand("SELECT id FROM tenants ORDER BY created LIMIT 1", _connection);
        return await tenant.ExecuteScalarAsync() as Guid?
            ?? throw new InvalidOperationException("No tenant: start the server once (with Switchboard__BootstrapApiKey) before seeding.");
    }

    public Task AddCompanyAsync(CompanyRow company, Guid tenantId)
    {
        _companies.Add((company, tenantId));
        return Task.CompletedTask;
    }

    public Task AddConnectionAsync(ConnectionRow connection, Guid tenantId)
    {
        _connections.Add((connection, tenantId));
        return Task.CompletedTask;
    }

    public async Task CompleteAsync()
    {
        await using var transaction = await _connection.BeginTransactionAsync();
        var tagsColumn = _companyColumns.Contains("tags");
        await using (var writer = await _connection.BeginBinaryImportAsync($"COPY companies ({string.Join(", ", _companyColumns)}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (c, tenant) in _companies)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(c.Id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(tenant, NpgsqlDbType.Uuid);
                await writer.WriteAsync(c.Name, NpgsqlDbType.Text);
                await WriteNullable(writer, c.Description, NpgsqlDbType.Text);
                await writer.WriteAsync(c.Created, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(c.Created, NpgsqlDbType.TimestampTz);
                await writer.WriteNullAsync();
                await writer.WriteAsync(1L, NpgsqlDbType.Bigint);
                if (tagsColumn)
                {
                    await writer.WriteAsync(c.TagsJson, NpgsqlDbType.Text);
                }
            }

            await writer.CompleteAsync();
        }

        if (_tagTable)
        {
            await using var writer = await _connection.BeginBinaryImportAsync($"COPY company_tags ({string.Join(", ", Schema.TagColumns)}) FROM STDIN (FORMAT BINARY)");
            foreach (var (c, _) in _companies)
            {
                foreach (var (key, value) in c.Tags)
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(c.Id, NpgsqlDbType.Uuid);
                    await writer.WriteAsync(key, NpgsqlDbType.Text);
                    await writer.WriteAsync(value, NpgsqlDbType.Text);
                }
            }

            await writer.CompleteAsync();
        }

        await using (var writer = await _connection.BeginBinaryImportAsync($"COPY connections ({string.Join(", ", Schema.ConnectionColumns)}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (c, tenant) in _connections)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(c.Id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(tenant, NpgsqlDbType.Uuid);
                await writer.WriteAsync(c.CompanyId, NpgsqlDbType.Uuid);
                await writer.WriteAsync(c.Integration.Key, NpgsqlDbType.Text);
                await writer.WriteAsync(c.Integration.IntegrationId, NpgsqlDbType.Uuid);
                await writer.WriteAsync(c.Integration.SourceId, NpgsqlDbType.Uuid);
                await writer.WriteAsync(c.Integration.SourceType, NpgsqlDbType.Text);
                await writer.WriteAsync(c.Integration.Name, NpgsqlDbType.Text);
                await writer.WriteAsync(c.Status.ToString(), NpgsqlDbType.Text);
                await writer.WriteAsync(c.Created, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(c.Modified, NpgsqlDbType.TimestampTz);
                await WriteNullable(writer, c.LastSync, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(c.Version, NpgsqlDbType.Bigint);
                await WriteNullable(writer, c.CredentialKeyId, NpgsqlDbType.Text);
                await WriteNullable(writer, c.Credentials, NpgsqlDbType.Bytea);
                await writer.WriteAsync(c.AuthorizationKeys, NpgsqlDbType.Text);
                await WriteNullable(writer, c.Authorized, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(c.Errors, NpgsqlDbType.Text);
            }

            await writer.CompleteAsync();
        }

        await transaction.CommitAsync();
        await using var analyze = new NpgsqlCommand("ANALYZE companies; ANALYZE connections;", _connection);
        await analyze.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task<HashSet<string>> Columns(string table)
    {
        await using var command = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table", _connection);
        command.Parameters.AddWithValue("table", table);
        var columns = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static async Task WriteNullable<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            await writer.WriteNullAsync();
        }
        else
        {
            await writer.WriteAsync(value, type);
        }
    }

    private static async Task WriteNullable(NpgsqlBinaryImporter writer, DateTime? value, NpgsqlDbType type)
    {
        if (value is { } v)
        {
            await writer.WriteAsync(v, type);
        }
        else
        {
            await writer.WriteNullAsync();
        }
    }
}
