namespace Switchboard.Client;

/// <summary>
/// How failed requests are retried.
/// </summary>
public enum RetryStrategy
{
    /// <summary>Retry with exponential backoff and jitter (the default).</summary>
    Backoff,

    /// <summary>Never retry.</summary>
    None,
}
