using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Switchboard.Server.Hosting;
using Switchboard.Server.Tenancy;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Processes;

/// <summary>
/// One database that several server processes share, on the suite's backend: with <c>SWITCHBOARD_TEST_POSTGRES</c>
/// a fresh PostgreSQL database (stateless nodes on one PostgreSQL), otherwise one SQLite file in WAL mode in one data
/// folder (several processes on one machine). One set of settings (bootstrap key, encryption key, public URL) for
/// every node, as a deployment has. Gives tests plain SQL on the database; removes everything on dispose.
/// </summary>
public sealed class SharedDatabase : IAsyncDisposable
{
    public const string PublicBaseUrl = "https://switchboard.example.test";

    private SharedDatabase(string dataDirectory, string? postgresConnectionString)
    {
        DataDirectory = dataDirectory;
        PostgresConnectionString = postgresConnectionString;
        var options = ServerProcessOptions.Create(dataDirectory, postgresConnectionString);
        NodeOptions = options with { Extra = new Dictionary<string, string> { ["Switchboard__PublicBaseUrl"] = PublicBaseUrl } };
    }

    public string DataDirectory { get; }

    public string? PostgresConnectionString { get; }

    public bool IsPostgres => PostgresConnectionString is not null;

    public string SqliteFile => Path.Combine(DataDirectory, "switchboard.db");

    /// <summary>What every node of this deployment is started with.</summary>
    public ServerProcessOptions NodeOptions { get; }

    public string ApiKey => NodeOptions.BootstrapApiKey;

    public static async Task<SharedDatabase> CreateAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "switchboard-tests", "processes-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var postgres = TestBackend.IsPostgres ? await TestBackend.CreatePostgresDatabaseAsync() : null;
        return new SharedDatabase(dataDirectory, postgres);
    }

    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = IsPostgres
            ? new NpgsqlConnection(PostgresConnectionString)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = SqliteFile, Pooling = false, DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    public async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The first column of every row, as longs.</summary>
    public async Task<List<long>> ColumnAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<long>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return values;
    }

    /// <summary>The first column of every row, as text.</summary>
    public async Task<List<string>> TextColumnAsync(string sql)
    {
        await using var connection = await OpenAsync();
        return await DatabaseScan.ColumnAsync(connection, sql);
    }

    /// <summary>
    /// A second tenant, made the way an operator's tool would: the server's own <see cref="TenantAdministration"/>,
    /// in this process, against the shared database. Returns the new tenant's API key.
    /// </summary>
    public async Task<string> CreateTenantAsync(string name)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Switchboard:DataDirectory"] = DataDirectory,
            ["Switchboard:EncryptionKey"] = NodeOptions.EncryptionKey,
        };
        if (IsPostgres)
        {
            configuration["Switchboard:Database:Provider"] = "Postgres";
            configuration["ConnectionStrings:Switchboard"] = PostgresConnectionString;
        }

        await using var app = SwitchboardApplication.Build(["--environment", "Production"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.ClearProviders();
        });
        var (_, apiKey) = await app.Services.GetRequiredService<TenantAdministration>().CreateTenantAsync(name, CancellationToken.None);
        return apiKey;
    }

    public async ValueTask DisposeAsync()
    {
        if (PostgresConnectionString is not null)
        {
            await TestBackend.DropPostgresDatabaseAsync(PostgresConnectionString);
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Litter in the temp folder at worst.
        }
    }
}
