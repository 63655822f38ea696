namespace Switchboard.Client;

/// <summary>
/// Settings of a <see cref="SwitchboardClient"/>.
/// </summary>
public sealed class SwitchboardClientOptions
{
    /// <summary>The server's base address. Default <c>http://localhost:5000</c>.</summary>
    public Uri BaseUri { get; set; } = new("http://localhost:5000");

    /// <summary>
    /// The API key, sent as <c>Authorization: Basic base64(apiKey)</c>. Set this or <see cref="AuthHeader"/>.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The whole value of the <c>Authorization</c> header, for example <c>Basic ZXhhbXBsZQ==</c>, as the
    /// official SDKs take it. Set this or <see cref="ApiKey"/>.
    /// </summary>
    public string? AuthHeader { get; set; }

    /// <summary>The retry policy of every call that does not pass its own. Default <see cref="RetryConfig.Default"/>.</summary>
    public RetryConfig RetryConfig { get; set; } = RetryConfig.Default;

    /// <summary>
    /// The time limit of each try (each HTTP request) of a call. Default 100 seconds;
    /// <see langword="null"/> or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> means no limit. The whole call is
    /// bounded by <see cref="BackoffStrategy.MaxElapsedTime"/> as well.
    /// </summary>
    public TimeSpan? Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// Whether every POST and PATCH carries a new <c>Idempotency-Key</c>, which makes it safe to retry.
    /// Default <see langword="true"/>. When off, a POST or PATCH is never retried unless the call passes a key
    /// through <see cref="RequestOptions.IdempotencyKey"/>.
    /// </summary>
    public bool SendIdempotencyKeys { get; set; } = true;

    /// <summary>
    /// The clock for timeouts and backoff delays. Default <see cref="TimeProvider.System"/>; tests pass a fake one.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
