using Microsoft.Data.Sqlite;

namespace Switchboard.Crash;

/// <summary>
/// Reads the SQLite file a killed server left behind, read-only and before anything restarts, and checks it: the file
/// is intact (<c>integrity_check</c>, <c>foreign_key_check</c>), no change is half applied (schema all there or not at
/// all, the bootstrap tenant with its key, no connection without its company, credentials present exactly on Linked
/// connections), and every acknowledged write is there. Then narrows every may-or-may-not write to what was found.
/// </summary>
internal static class DatabaseCheck
{
    private static readonly string[] SchemaTables = ["schema_migrations", "tenants", "api_keys", "companies", "connections", "idempotency_records"];

    /// <summary>Checks the file; with <paramref name="webhooks"/> (a consumer of every lifecycle event existed before the first write) the outbox too.</summary>
    public static CheckResult Run(string sqliteFile, World world, bool webhooks)
    {
        var failures = new List<string>();
        if (!File.Exists(sqliteFile))
        {
            if (world.Companies.Count > 0)
            {
                failures.Add($"The database file {sqliteFile} is gone.");
            }

            return new CheckResult(failures, 0, 0);
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = sqliteFile,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();

        var integrity = Column(connection, "PRAGMA integrity_check");
        if (integrity is not ["ok"])
        {
            failures.Add($"PRAGMA integrity_check: {string.Join("; ", integrity.Take(10))}");
        }

        var foreignKeys = Column(connection, "PRAGMA foreign_key_check");
        if (foreignKeys.Count > 0)
        {
            failures.Add($"PRAGMA foreign_key_check found {foreignKeys.Count} rows violating a foreign key (first in table {foreignKeys[0]}).");
        }

        var tables = Column(connection, "SELECT name FROM sqlite_master WHERE type = 'table'").ToHashSet(StringComparer.Ordinal);
        var present = SchemaTables.Where(tables.Contains).ToList();
        if (present.Count == 0)
        {
            // Killed before the first migration committed: nothing may be there, and nothing can have been acknowledged.
            if (world.Companies.Count > 0)
            {
                failures.Add("The schema is gone, but writes were acknowledged.");
            }

            return new CheckResult(failures, 0, 0);
        }

        if (present.Count != SchemaTables.Length)
        {
            failures.Add($"Half a schema: only {string.Join(", ", present)} of {string.Join(", ", SchemaTables)} exist.");
            return new CheckResult(failures, 0, 0);
        }

        var versions = Column(connection, "SELECT version FROM schema_migrations ORDER BY version").Select(long.Parse).ToList();
        if (versions.Count == 0 || !versions.SequenceEqual(Enumerable.Range(1, versions.Count).Select(v => (long)v)))
        {
            failures.Add($"schema_migrations holds versions [{string.Join(", ", versions)}], not 1..n.");
        }

        var tenants = Column(connection, "SELECT id FROM tenants");
        var keys = Column(connection, "SELECT tenant_id FROM api_keys");
        if (tenants.Count > 1 || keys.Count != tenants.Count || (tenants.Count == 1 && !keys[0].Equals(tenants[0], StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add($"The bootstrap is half applied or repeated: {tenants.Count} tenants, {keys.Count} API keys.");
        }

        if (tenants.Count == 0 && world.Companies.Count > 0)
        {
            failures.Add("The tenant is gone, but writes were acknowledged.");
        }

        var companies = ReadCompanies(connection);
        var connections = ReadConnections(connection);
        CheckRows(companies, connections, failures);
        CheckAcknowledged(world, companies, connections, failures);
        var events = 0;
        if (webhooks)
        {
            // The outbox commits with each change: exactly the committed changes have their event row, none other.
            var outbox = Column(connection, "SELECT body FROM webhook_events").Select(WebhookEvent.Parse).ToList();
            failures.AddRange(WebhookCheck.Run(world, outbox, "webhook_events", all: true));
            events = outbox.Count;
        }

        return new CheckResult(failures, companies.Count, connections.Count, events);
    }

    private static void CheckRows(Dictionary<Guid, CompanyRow> companies, Dictionary<Guid, ConnectionRow> connections, List<string> failures)
    {
        foreach (var (id, row) in connections)
        {
            if (!companies.TryGetValue(row.CompanyId, out var company))
            {
                failures.Add($"Connection {id} is an orphan: its company {row.CompanyId} does not exist.");
            }
            else if (!company.TenantId.Equals(row.TenantId, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"Connection {id} belongs to tenant {row.TenantId}, its company {row.CompanyId} to {company.TenantId}.");
            }

            switch (row.Status)
            {
                case nameof(ConnectionStatus.Linked) when !row.HasCredentials || !row.HasCredentialKeyId || !row.HasAuthorized:
                    failures.Add($"Connection {id} is Linked but credentials={row.HasCredentials}, credential_key_id={row.HasCredentialKeyId}, authorized={row.HasAuthorized}.");
                    break;
                case nameof(ConnectionStatus.PendingAuth) or nameof(ConnectionStatus.Unlinked) when row.HasCredentials || row.HasCredentialKeyId:
                    failures.Add($"Connection {id} is {row.Status} but still has credentials={row.HasCredentials}, credential_key_id={row.HasCredentialKeyId}.");
                    break;
                case nameof(ConnectionStatus.Linked) or nameof(ConnectionStatus.PendingAuth) or nameof(ConnectionStatus.Unlinked):
                    break;
                default:
                    failures.Add($"Connection {id} has status '{row.Status}', which no writer asked for.");
                    break;
            }
        }
    }

    /// <summary>Every model state against the rows; unknown rows must come from a write cut off by the kill.</summary>
    private static void CheckAcknowledged(World world, Dictionary<Guid, CompanyRow> companies, Dictionary<Guid, ConnectionRow> connections, List<string> failures)
    {
        var knownConnections = new HashSet<Guid>();
        foreach (var company in world.Companies)
        {
            var found = companies.GetValueOrDefault(company.Id)?.Name;
            if (!company.Allowed.Contains(found))
            {
                failures.Add($"Company {company.Id} (writer {company.Writer}): expected {Show(company.Allowed)}, found {Show(found)}.");
            }

            foreach (var model in company.Connections)
            {
                knownConnections.Add(model.Id);
                var row = connections.GetValueOrDefault(model.Id);
                ConnectionStatus? status = row is null ? null : Enum.TryParse<ConnectionStatus>(row.Status, out var s) ? s : null;
                // A deleted company takes its connections with it (checked as orphans above); otherwise its own history.
                var allowed = found is null ? [null] : model.Allowed;
                if (!allowed.Contains(status))
                {
                    failures.Add($"Connection {model.Id} of company {company.Id}: expected {Show(allowed)}, found {Show(status)}.");
                }
                else if (row is not null && row.CompanyId != company.Id)
                {
                    failures.Add($"Connection {model.Id} moved to company {row.CompanyId}.");
                }

                model.Set(status);
            }

            company.Set(found);
        }

        // Rows no acknowledgement told of: creates cut off by the kill (then adopted into the model), or phantoms.
        foreach (var (id, row) in companies.Where(c => world.Find(c.Key) is null))
        {
            if (world.UnacknowledgedCompanyNames.TryGetValue(row.Name, out var writer))
            {
                world.Add(new CompanyModel(id, writer, row.Name));
            }
            else
            {
                failures.Add($"Company {id} '{row.Name}' exists, but no write created it.");
            }
        }

        world.ForgetUnacknowledgedCompanies();
        foreach (var (id, row) in connections.Where(c => !knownConnections.Contains(c.Key)))
        {
            var company = world.Find(row.CompanyId);
            if (company is not null && company.UnacknowledgedConnectionCreates > 0 && row.Status == nameof(ConnectionStatus.PendingAuth))
            {
                company.UnacknowledgedConnectionCreates--;
                company.Connections.Add(new ConnectionModel(id, company, ConnectionStatus.PendingAuth) { FoundAfterCutOff = true });
            }
            else
            {
                failures.Add($"Connection {id} ({row.Status}) of company {row.CompanyId} exists, but no write created it.");
            }
        }

        foreach (var company in world.Companies)
        {
            company.UnacknowledgedConnectionCreates = 0;
        }
    }

    private static Dictionary<Guid, CompanyRow> ReadCompanies(SqliteConnection connection)
    {
        var rows = new Dictionary<Guid, CompanyRow>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, tenant_id, name FROM companies";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(Guid.Parse(reader.GetString(0)), new CompanyRow(reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }

    private static Dictionary<Guid, ConnectionRow> ReadConnections(SqliteConnection connection)
    {
        var rows = new Dictionary<Guid, ConnectionRow>();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, company_id, tenant_id, status,
                   credentials IS NOT NULL AND length(credentials) > 0, credential_key_id IS NOT NULL, authorized IS NOT NULL
            FROM connections
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(Guid.Parse(reader.GetString(0)), new ConnectionRow(
                Guid.Parse(reader.GetString(1)), reader.GetString(2), reader.GetString(3), reader.GetBoolean(4), reader.GetBoolean(5), reader.GetBoolean(6)));
        }

        return rows;
    }

    private static List<string> Column(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.IsDBNull(0) ? "NULL" : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    private static string Show<T>(IEnumerable<T> values) => "{" + string.Join(", ", values.Select(v => Show(v))) + "}";

    private static string Show<T>(T value) => value is null ? "(absent)" : $"'{value}'";

    private sealed record CompanyRow(string TenantId, string Name);

    private sealed record ConnectionRow(Guid CompanyId, string TenantId, string Status, bool HasCredentials, bool HasCredentialKeyId, bool HasAuthorized);
}

/// <summary>What one check found: failures (empty when all is well) and how many rows (and outbox events) it compared.</summary>
internal sealed record CheckResult(List<string> Failures, int Companies, int Connections, int Events = 0);
