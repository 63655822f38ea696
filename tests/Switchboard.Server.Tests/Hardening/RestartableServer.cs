using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Switchboard.Server.Hosting;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Hardening;

/// <summary>
/// A real server that can be stopped and started again on the same data folder (or PostgreSQL database) with the
/// same settings, as an operator restarts one. <see cref="TestServer"/> deletes its data when it stops.
/// </summary>
public sealed class RestartableServer : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _configuration;
    private readonly string _dataDirectory;
    private readonly string? _postgres;
    private WebApplication? _app;

    private RestartableServer(Dictionary<string, string?> configuration, string dataDirectory, string? postgres, string apiKey)
    {
        _configuration = configuration;
        _dataDirectory = dataDirectory;
        _postgres = postgres;
        ApiKey = apiKey;
    }

    public string ApiKey { get; }

    /// <summary>A client of the running instance, authenticated as the bootstrap tenant.</summary>
    public HttpClient Client { get; private set; } = null!;

    public static async Task<RestartableServer> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var apiKey = "test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var configuration = new Dictionary<string, string?>
        {
            ["Switchboard:DataDirectory"] = dataDirectory,
            ["Switchboard:BootstrapApiKey"] = apiKey,
            ["Switchboard:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
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

        var server = new RestartableServer(configuration, dataDirectory, postgres, apiKey);
        await server.StartInstanceAsync();
        return server;
    }

    /// <summary>Stops the running instance (as a shutdown does) and starts a new one on the same data.</summary>
    public async Task RestartAsync()
    {
        await StopInstanceAsync();
        await StartInstanceAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopInstanceAsync();
        if (_postgres is not null)
        {
            await TestBackend.DropPostgresDatabaseAsync(_postgres);
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere only leaves litter in the temp folder.
        }
    }

    private async Task StartInstanceAsync()
    {
        _app = SwitchboardApplication.Build(["--environment", "Development"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(_configuration);
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        });
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(ApiKey)));
    }

    private async Task StopInstanceAsync()
    {
        if (_app is null)
        {
            return;
        }

        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
        // Close pooled connections too, so the next instance opens the file afresh.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
