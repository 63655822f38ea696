using System.Security.Cryptography;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// What a test server needs before it starts: its own data folder (and PostgreSQL database when the run uses one),
/// a bootstrap API key, an encryption key, and the configuration naming them; removed again by <see cref="DeleteAsync"/>.
/// </summary>
public sealed class TestSettings
{
    private TestSettings(Dictionary<string, string?> configuration, string dataDirectory, string apiKey, string? postgresConnectionString)
    {
        Configuration = configuration;
        DataDirectory = dataDirectory;
        ApiKey = apiKey;
        PostgresConnectionString = postgresConnectionString;
    }

    public Dictionary<string, string?> Configuration { get; }

    public string DataDirectory { get; }

    /// <summary>The bootstrap tenant's API key.</summary>
    public string ApiKey { get; }

    public string? PostgresConnectionString { get; }

    public static async Task<TestSettings> CreateAsync(IDictionary<string, string?>? overrides = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var apiKey = "test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var configuration = new Dictionary<string, string?>
        {
            ["Switchboard:DataDirectory"] = dataDirectory,
            ["Switchboard:BootstrapApiKey"] = apiKey,
            ["Switchboard:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            // Tests make many requests quickly from one address; the rate-limit tests set their own limits.
            ["Switchboard:RateLimits:Burst"] = "100000",
            ["Switchboard:RateLimits:UnauthenticatedBurst"] = "100000",
            ["Switchboard:RateLimits:LinkBurst"] = "100000",
        };
        string? postgres = null;
        if (TestBackend.IsPostgres)
        {
            postgres = await TestBackend.CreatePostgresDatabaseAsync();
            configuration["Switchboard:Database:Provider"] = "Postgres";
            configuration["ConnectionStrings:Switchboard"] = postgres;
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        return new TestSettings(configuration, dataDirectory, apiKey, postgres);
    }

    /// <summary>Drops the database and deletes the data folder.</summary>
    public async Task DeleteAsync()
    {
        if (PostgresConnectionString is not null)
        {
            await TestBackend.DropPostgresDatabaseAsync(PostgresConnectionString);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere only leaves litter in the temp folder.
        }
    }
}
