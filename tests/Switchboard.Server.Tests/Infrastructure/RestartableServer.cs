using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Switchboard.Server.Hosting;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// A real server that can be stopped and started again on the same data folder (or PostgreSQL database) with the
/// same settings, as an operator restarts one. <see cref="SwitchboardTestServer"/> deletes its data when it stops.
/// </summary>
public sealed class RestartableServer : IAsyncDisposable
{
    private readonly TestSettings _settings;
    private WebApplication? _app;

    private RestartableServer(TestSettings settings) => _settings = settings;

    public string ApiKey => _settings.ApiKey;

    /// <summary>A client of the running instance, authenticated as the bootstrap tenant.</summary>
    public HttpClient Client { get; private set; } = null!;

    public static async Task<RestartableServer> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var server = new RestartableServer(await TestSettings.CreateAsync(settings));
        await server.StartInstanceAsync();
        return server;
    }

    /// <summary>The running instance's services.</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>The settings the instances start with (<see cref="RestartAsync"/> applies changes to them).</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings.Configuration;

    /// <summary>
    /// Stops the running instance (as a shutdown does) and starts a new one on the same data, with
    /// <paramref name="changes"/> applied to its settings (as an operator changes them between restarts).
    /// </summary>
    public async Task RestartAsync(IDictionary<string, string?>? changes = null)
    {
        await StopInstanceAsync();
        foreach (var (name, value) in changes ?? new Dictionary<string, string?>())
        {
            _settings.Configuration[name] = value;
        }

        await StartInstanceAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopInstanceAsync();
        await _settings.DeleteAsync();
    }

    private async Task StartInstanceAsync()
    {
        _app = SwitchboardApplication.Build(["--environment", "Development"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(_settings.Configuration);
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
