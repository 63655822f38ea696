using Npgsql;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// The database the suite runs against, chosen per run: SQLite by default, PostgreSQL when
/// <c>SWITCHBOARD_TEST_POSTGRES</c> holds an admin connection string (the test command sets it up).
/// Each server gets its own database, so tests never share data.
/// </summary>
public static class TestBackend
{
    public const string PostgresVariable = "SWITCHBOARD_TEST_POSTGRES";

    public static string? PostgresAdminConnectionString { get; } = Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } s ? s : null;

    public static bool IsPostgres => PostgresAdminConnectionString is not null;

    public static string Name => IsPostgres ? "Postgres" : "Sqlite";

    /// <summary>Creates an empty PostgreSQL database and returns its connection string.</summary>
    public static async Task<string> CreatePostgresDatabaseAsync()
    {
        var name = "sb_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(PostgresAdminConnectionString))
        {
            await admin.OpenAsync();
            await using var command = admin.CreateCommand();
            command.CommandText = $"CREATE DATABASE {name}";
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(PostgresAdminConnectionString) { Database = name }.ToString();
    }

    public static async Task DropPostgresDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(PostgresAdminConnectionString);
        await admin.OpenAsync();
        await using var command = admin.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS {name} WITH (FORCE)";
        await command.ExecuteNonQueryAsync();
    }
}
