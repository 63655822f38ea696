namespace Switchboard.Server.Configuration;

/// <summary>
/// Every setting of the server, bound from the <c>Switchboard</c> configuration section
/// (environment variables <c>Switchboard__Name</c>). Defaults live here, in code.
/// </summary>
public sealed class SwitchboardOptions
{
    public const string SectionName = "Switchboard";

    /// <summary>Folder for the SQLite file and, in Development, the generated encryption key.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Base URL that end users reach the Link pages on; defaults to the first listen URL.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>An API key to create on start (for scripts and CI) instead of a generated one.</summary>
    public string? BootstrapApiKey { get; set; }

    /// <summary>Base64 of the 32-byte AES-256 key that encrypts stored credentials.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>
    /// A file holding the base64 encryption key (for secrets mounted as files). Further lines hold previous keys,
    /// which still decrypt, as <see cref="EncryptionKeys"/> does.
    /// </summary>
    public string? EncryptionKeyFile { get; set; }

    /// <summary>Keys that encrypted credentials before the current one, so they still decrypt while being rotated out.</summary>
    public EncryptionKeysOptions EncryptionKeys { get; set; } = new();

    /// <summary>
    /// Where the Link page sends the end user after authorization; <c>{companyId}</c>, <c>{connectionId}</c>,
    /// <c>{platform}</c> and <c>{statusCode}</c> are filled in. Unset: the page shows the result itself.
    /// </summary>
    public string? LinkRedirectUrl { get; set; }

    /// <summary>
    /// How long a node remembers a resolved API key. Deleting a key takes effect at once on the node that deleted
    /// it and within this time on the others; zero looks every key up on every request.
    /// </summary>
    public TimeSpan ApiKeyCacheLifetime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest request body accepted; larger ones are answered 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    public DatabaseOptions Database { get; set; } = new();

    public LinkOptions Link { get; set; } = new();

    public IdempotencyOptions Idempotency { get; set; } = new();

    public RateLimitOptions RateLimits { get; set; } = new();

    public SimulationOptions Simulation { get; set; } = new();

    public WebhookOptions Webhooks { get; set; } = new();

    public DocsOptions Docs { get; set; } = new();

    public LoggingOptions Logging { get; set; } = new();

    public TelemetryOptions Telemetry { get; set; } = new();

    public TokenOptions Tokens { get; set; } = new();

    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    /// <summary>Integrations to add, override or disable, keyed by platform key.</summary>
    public Dictionary<string, IntegrationSettings> Integrations { get; set; } = new(StringComparer.Ordinal);
}
