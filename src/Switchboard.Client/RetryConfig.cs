namespace Switchboard.Client;

/// <summary>
/// When and how failed requests are retried: set a default on <see cref="SwitchboardClientOptions.RetryConfig"/>
/// and override it for one call through that method's <c>retries</c> parameter.
/// </summary>
/// <remarks>
/// <para>
/// A try is retried when the server answers 408, 429 or 5XX, or (with <see cref="RetryConnectionErrors"/>)
/// when the server could not be reached or the try timed out. A <c>Retry-After</c> header sets the
/// wait, capped by <see cref="BackoffStrategy.MaxInterval"/>.
/// </para>
/// <para>
/// GET, PUT and DELETE are idempotent and always eligible. A POST or PATCH is retried only when it
/// carries an <c>Idempotency-Key</c> header, which the client adds by default (one key per call, the
/// same on every try), so the server carries out the request at most once.
/// </para>
/// </remarks>
public sealed record RetryConfig
{
    /// <summary>Whether to retry at all. Default <see cref="RetryStrategy.Backoff"/>.</summary>
    public RetryStrategy Strategy { get; init; } = RetryStrategy.Backoff;

    /// <summary>The backoff settings used with <see cref="RetryStrategy.Backoff"/>.</summary>
    public BackoffStrategy Backoff { get; init; } = new();

    /// <summary>
    /// Whether to retry when the server cannot be reached or a try times out. Default <see langword="true"/>.
    /// </summary>
    public bool RetryConnectionErrors { get; init; } = true;

    /// <summary>
    /// The default: exponential backoff from 500 ms, factor 1.5, at most 60 s between tries and 1 hour in all,
    /// retrying connection errors.
    /// </summary>
    public static RetryConfig Default { get; } = new();

    /// <summary>No retries: each call makes exactly one try.</summary>
    public static RetryConfig None { get; } = new() { Strategy = RetryStrategy.None };

    /// <summary>Throws if a setting is out of range.</summary>
    internal void Validate()
    {
        if (!Enum.IsDefined(Strategy))
        {
            throw new ArgumentOutOfRangeException(nameof(Strategy), Strategy, "Unknown retry strategy.");
        }

        ArgumentNullException.ThrowIfNull(Backoff);
        Backoff.Validate();
    }
}
