using System.Net.Http.Headers;
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
public sealed class SwitchboardTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestSettings _settings;
    private readonly AnsweredStatuses _answers;

    private SwitchboardTestServer(WebApplication app, TestSettings settings, CapturedLogs logs, AnsweredStatuses answers)
    {
        _app = app;
        _answers = answers;
        _settings = settings;
        Logs = logs;
        BaseAddress = new Uri(app.Urls.First());
        Client = CreateClient(settings.ApiKey);
    }

    public Uri BaseAddress { get; }

    /// <summary>The bootstrap tenant's API key.</summary>
    public string ApiKey => _settings.ApiKey;

    /// <summary>A client authenticated as the bootstrap tenant.</summary>
    public HttpClient Client { get; }

    public CapturedLogs Logs { get; }

    public string DataDirectory => _settings.DataDirectory;

    public string SqliteFile => Path.Combine(DataDirectory, "switchboard.db");

    public IServiceProvider Services => _app.Services;

    public static async Task<SwitchboardTestServer> StartAsync(
        IDictionary<string, string?>? settings = null, string environment = "Development", Action<WebApplicationBuilder>? configure = null)
    {
        var testSettings = await TestSettings.CreateAsync(settings);
        var logs = new CapturedLogs();
        var answers = new AnsweredStatuses();
        WebApplication? app = null;
        try
        {
            app = SwitchboardApplication.Build(["--environment", environment], builder =>
            {
                builder.Configuration.AddInMemoryCollection(testSettings.Configuration);
                builder.Logging.ClearProviders();
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
                builder.Logging.AddProvider(logs);
                builder.Services.AddSingleton<IStartupFilter>(answers);
                builder.WebHost.UseUrls("http://127.0.0.1:0");
                configure?.Invoke(builder);
            });
            await app.StartAsync();
            return new SwitchboardTestServer(app, testSettings, logs, answers);
        }
        catch
        {
            // A start that fails (the configuration tests make it fail on purpose) leaves nothing behind.
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            await testSettings.DeleteAsync();
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
        try
        {
            await _answers.AssertDocumentedAsync(_app.Services);
        }
        finally
        {
            Client.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
            await _settings.DeleteAsync();
        }
    }
}
