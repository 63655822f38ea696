using Switchboard.Client.Internal;

namespace Switchboard.Client;

/// <summary>
/// The Switchboard client: one object, configured once with the server's address, the API key and the
/// retry policy, that gives access to <see cref="Connections"/>, <see cref="Companies"/>, <see cref="Integrations"/>,
/// <see cref="Webhooks"/> and <see cref="Profile"/>.
/// </summary>
/// <remarks>
/// The client is thread-safe; create one and reuse it. With dependency injection, register it with
/// <c>services.AddSwitchboardClient(...)</c>. For mocking, derive from it with the protected constructor
/// and override the sub-client properties.
/// </remarks>
public class SwitchboardClient : IDisposable
{
    private readonly HttpClient? _ownedHttpClient;

    /// <summary>Creates a client that makes and owns its own <see cref="HttpClient"/>.</summary>
    /// <param name="options">The server's address, credentials, retry policy and time limits.</param>
    public SwitchboardClient(SwitchboardClientOptions options)
        : this(CreateOwnedHttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }, disposeHandler: true), options, owned: true)
    {
    }

    /// <summary>Creates a client for a server address and API key, with the default retry policy.</summary>
    /// <param name="baseUri">The server's base address, for example <c>http://localhost:5000</c>.</param>
    /// <param name="apiKey">The API key.</param>
    public SwitchboardClient(Uri baseUri, string apiKey)
        : this(new SwitchboardClientOptions { BaseUri = baseUri, ApiKey = apiKey })
    {
    }

    /// <summary>
    /// Creates a client that sends through the given <see cref="HttpClient"/>, which it does not dispose.
    /// Its <see cref="HttpClient.Timeout"/> still applies to each try, on top of <see cref="SwitchboardClientOptions.Timeout"/>.
    /// </summary>
    /// <param name="httpClient">The HTTP client, for example one from <c>IHttpClientFactory</c>.</param>
    /// <param name="options">The server's address, credentials, retry policy and time limits.</param>
    public SwitchboardClient(HttpClient httpClient, SwitchboardClientOptions options)
        : this(httpClient, options, owned: false)
    {
    }

    /// <summary>Creates a client that sends through the given handler (a test double, or a handler chain).</summary>
    /// <param name="handler">The message handler.</param>
    /// <param name="options">The server's address, credentials, retry policy and time limits.</param>
    /// <param name="disposeHandler">Whether disposing the client disposes <paramref name="handler"/>.</param>
    public SwitchboardClient(HttpMessageHandler handler, SwitchboardClientOptions options, bool disposeHandler = false)
        : this(CreateOwnedHttpClient(handler, disposeHandler), options, owned: true)
    {
    }

    /// <summary>Creates an instance for mocking; override the sub-client properties before use.</summary>
    protected SwitchboardClient()
    {
        Connections = null!;
        Companies = null!;
        Integrations = null!;
        Webhooks = null!;
        Profile = null!;
    }

    private SwitchboardClient(HttpClient httpClient, SwitchboardClientOptions options, bool owned)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        try
        {
            var pipeline = new SwitchboardPipeline(httpClient, options);
            Connections = new ConnectionsClient(pipeline);
            Companies = new CompaniesClient(pipeline);
            Integrations = new IntegrationsClient(pipeline);
            Webhooks = new WebhooksClient(pipeline);
            Profile = new ProfileClient(pipeline);
        }
        catch when (owned)
        {
            httpClient.Dispose();
            throw;
        }

        _ownedHttpClient = owned ? httpClient : null;
    }

    /// <summary>Manage your companies' data connections.</summary>
    public virtual ConnectionsClient Connections { get; }

    /// <summary>Create and manage companies.</summary>
    public virtual CompaniesClient Companies { get; }

    /// <summary>Read the platforms companies can connect to.</summary>
    public virtual IntegrationsClient Integrations { get; }

    /// <summary>Manage webhook consumers and read their delivery log; see <see cref="WebhookVerifier"/> for receiving.</summary>
    public virtual WebhooksClient Webhooks { get; }

    /// <summary>The name, logo and redirect URL of the tenant's Link pages.</summary>
    public virtual ProfileClient Profile { get; }

    /// <summary>Disposes the <see cref="HttpClient"/> the client made for itself, if any.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the <see cref="HttpClient"/> the client made for itself, if any.</summary>
    /// <param name="disposing">Whether this is called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ownedHttpClient?.Dispose();
        }
    }

    // The client enforces its own per-try limit with the options' TimeProvider, so the HttpClient it owns must not add another.
    private static HttpClient CreateOwnedHttpClient(HttpMessageHandler handler, bool disposeHandler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new HttpClient(handler, disposeHandler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
