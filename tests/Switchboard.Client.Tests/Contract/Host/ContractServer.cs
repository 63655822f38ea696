using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Tenancy;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Client.Tests.Contract.Host;

/// <summary>
/// The real Switchboard server (the production application on Kestrel, on a loopback port, with its own database)
/// for one test, and SDK clients that talk to it over real HTTP. Disposing it stops the server and the clients.
/// </summary>
public sealed class ContractServer : IAsyncDisposable
{
    /// <summary>The header the server returns each request's correlation id in.</summary>
    public const string CorrelationIdHeader = "X-Correlation-Id";

    private readonly List<SwitchboardClient> _clients = [];

    private ContractServer(SwitchboardTestServer server)
    {
        Server = server;
        Client = CreateClient();
    }

    public SwitchboardTestServer Server { get; }

    /// <summary>The address the server puts in the links it hands out (<c>linkUrl</c>, <c>redirect</c>, logos).</summary>
    public string PublicBaseUrl => Server.BaseAddress.GetLeftPart(UriPartial.Authority);

    /// <summary>A client of the bootstrap tenant, without retries, so every answer surfaces as it is.</summary>
    public SwitchboardClient Client { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts a server; <paramref name="settings"/> override its configuration (for example rate limits).</summary>
    public static async Task<ContractServer> StartAsync(IDictionary<string, string?>? settings = null) =>
        new(await SwitchboardTestServer.StartAsync(settings));

    /// <summary>
    /// A client of the server: the bootstrap tenant's key unless <paramref name="apiKey"/> is given, no retries unless
    /// <paramref name="retries"/> is, and sending through <paramref name="handler"/> when one is given.
    /// </summary>
    public SwitchboardClient CreateClient(string? apiKey = null, RetryConfig? retries = null, HttpMessageHandler? handler = null)
    {
        var options = new SwitchboardClientOptions
        {
            BaseUri = Server.BaseAddress,
            ApiKey = apiKey ?? Server.ApiKey,
            RetryConfig = retries ?? RetryConfig.None,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var client = handler is null ? new SwitchboardClient(options) : new SwitchboardClient(handler, options, disposeHandler: true);
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>The API key of a new, independent tenant.</summary>
    public async Task<string> CreateTenantApiKeyAsync(string name = "Other tenant")
    {
        var (_, apiKey) = await Server.Services.GetRequiredService<TenantAdministration>().CreateTenantAsync(name, Ct);
        return apiKey;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        await Server.DisposeAsync();
    }
}
