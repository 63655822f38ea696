using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Switchboard.Server.Configuration;
using Switchboard.Server.Persistence.Sql;

namespace Switchboard.Server.Persistence;

/// <summary>
/// Applies the numbered SQL scripts under <c>Persistence/Migrations/{provider}</c> in one transaction that
/// also holds a lock (SQLite: <c>BEGIN IMMEDIATE</c>; PostgreSQL: an advisory lock), so several nodes starting
/// at once apply each script exactly once. A database whose schema is newer than this build is refused.
/// </summary>
internal sealed partial class SchemaMigrator(DbDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    private const long AdvisoryLockKey = 0x5357_4254_4348_0001; // "SWBTCH" + 1

    private static readonly SqlStatement CreateHistory = new(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);");

    private static readonly SqlStatement CurrentVersion = new("SELECT COALESCE(MAX(version), 0) FROM schema_migrations;");

    private static readonly SqlStatement AppliedVersions = new("SELECT version FROM schema_migrations;");

    private static readonly SqlStatement RecordVersion = new(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @applied);");

    public async Task MigrateAsync(DatabaseProvider provider, CancellationToken cancellationToken)
    {
        var scripts = LoadScripts(provider);
        var latest = scripts.Count == 0 ? 0 : scripts[^1].Version;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (provider == DatabaseProvider.Sqlite)
        {
            await connection.ExecuteAsync(null, new SqlStatement("PRAGMA journal_mode=WAL;"), cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (provider == DatabaseProvider.Postgres)
        {
            await connection.ExecuteAsync(transaction, new SqlStatement($"SELECT pg_advisory_xact_lock({AdvisoryLockKey});"), cancellationToken);
        }

        await connection.ExecuteAsync(transaction, CreateHistory, cancellationToken);
        var current = Convert.ToInt32(await connection.ScalarAsync(transaction, CurrentVersion, cancellationToken), CultureInfo.InvariantCulture);
        if (current > latest)
        {
            throw new SchemaTooNewException(current, latest);
        }

        // Every script not yet recorded, not only those above the highest: branches merged in another order (a 0004
        // arriving after a database reached 0005) still get applied.
        var applied = await AppliedAsync(connection, transaction, cancellationToken);
        foreach (var script in scripts.Where(s => !applied.Contains(s.Version)))
        {
            await connection.ExecuteAsync(transaction, SqlStatement.Script(script.Sql), cancellationToken);
            await connection.ExecuteAsync(transaction, RecordVersion, cancellationToken,
                ("@version", script.Version), ("@name", script.Name), ("@applied", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
            LogApplied(logger, script.Version, script.Name);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// How many of this server's migrations the database lacks (for the readiness check), counted as start-up applies
    /// them: every script not recorded, a gap below the highest included; throws when the database cannot be reached.
    /// </summary>
    public async Task<int> PendingCountAsync(DatabaseProvider provider, CancellationToken cancellationToken)
    {
        var scripts = LoadScripts(provider);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var applied = await AppliedAsync(connection, null, cancellationToken);
        return scripts.Count(s => !applied.Contains(s.Version));
    }

    private static async Task<HashSet<int>> AppliedAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var applied = new HashSet<int>();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = AppliedVersions.Text;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
        }

        return applied;
    }

    internal static IReadOnlyList<MigrationScript> LoadScripts(DatabaseProvider provider)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var prefix = $"{typeof(SchemaMigrator).Namespace}.Migrations.{provider}.";
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var fileName = n[prefix.Length..^4];
                // Resource names of files starting with a digit are prefixed with '_' by MSBuild.
                var name = fileName.TrimStart('_');
                var version = int.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return new MigrationScript(version, name, reader.ReadToEnd());
            })
            .OrderBy(s => s.Version)];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema migration {Version} ({Name})")]
    private static partial void LogApplied(ILogger logger, int version, string name);
}

internal sealed record MigrationScript(int Version, string Name, string Sql);

/// <summary>The database was migrated by a newer Switchboard; running an older one against it could corrupt it.</summary>
public sealed class SchemaTooNewException(int databaseVersion, int knownVersion) : Exception(
    $"The database schema is at version {databaseVersion}, but this Switchboard build only knows versions up to {knownVersion}. " +
    "Run the newer Switchboard build that migrated it, or point this one at another database.")
{
    public int DatabaseVersion { get; } = databaseVersion;
    public int KnownVersion { get; } = knownVersion;
}
