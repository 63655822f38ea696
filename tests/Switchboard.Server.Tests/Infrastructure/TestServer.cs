using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.Server.Hosting;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// A real Switchboard server for one test: the production application, on Kestrel on a free loopback port,
/// with its own data folder and database. Tests talk to it over real HTTP.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _postgresConnectionString;

    private TestServer(WebApplication app, string dataDirectory, string apiKey, CapturedLogs logs, string? postgresConnectionString)
    {
        _app = app;
        DataDirectory = dataDirectory;
        ApiKey = apiKey;
        Logs = logs;
        _postgresConnectionString = postgresConnectionString;
        BaseAddress = new Uri(app.Urls.First());
        Client = CreateClient(apiKey);
    }

    public Uri BaseAddress { get; }

    /// <summary>The bootstrap tenant's API key.</summary>
    public string ApiKey { get; }

    /// <summary>A client authenticated as the bootstrap tenant.</summary>
    public HttpClient Client { get; }

    public CapturedLogs Logs { get; }

    public string DataDirectory { get; }

    public string SqliteFile => Path.Combine(DataDirectory, "switchboard.db");

    public IServiceProvider Services => _app.Services;

    public static async Task<TestServer> StartAsync(IDictionary<string, string?>? settings = null, string environment = "Development")
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
        };
        string? postgres = null;
        if (TestBackend.IsPostgres)
        {
            postgres = await TestBackend.CreatePostgresDatabaseAsync();
            configuration["Switchboard:Database:Provider"] = "Postgres";
            configuration["ConnectionStrings:Switchboard"] = postgres;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var logs = new CapturedLogs();
        WebApplication? app = null;
        try
        {
            app = SwitchboardApplication.Build(["--environment", environment], builder =>
            {
                builder.Configuration.AddInMemoryCollection(configuration);
                builder.Logging.ClearProviders();
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
                builder.Logging.AddProvider(logs);
                builder.WebHost.UseUrls("http://127.0.0.1:0");
            });
            await app.StartAsync();
            return new TestServer(app, dataDirectory, apiKey, logs, postgres);
        }
        catch
        {
            // A start that fails (the configuration tests make it fail on purpose) leaves nothing behind.
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            await CleanUpAsync(dataDirectory, postgres);
            throw;
        }
    }

    public HttpClient CreateClient(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(apiKey)));
        }

        return client;
    }

    /// <summary>A second, independent tenant and a client that uses its key.</summary>
    public async Task<HttpClient> CreateTenantClientAsync(string name = "Other tenant")
    {
        var (_, apiKey) = await Services.GetRequiredService<TenantAdministration>().CreateTenantAsync(name, CancellationToken.None);
        return CreateClient(apiKey);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await CleanUpAsync(DataDirectory, _postgresConnectionString);
    }

    private static async Task CleanUpAsync(string dataDirectory, string? postgresConnectionString)
    {
        if (postgresConnectionString is not null)
        {
            await TestBackend.DropPostgresDatabaseAsync(postgresConnectionString);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere only leaves litter in the temp folder.
        }
    }
}
