namespace Switchboard.Server.Configuration;

/// <summary>Token buckets: one per API key, one per client address for requests without a valid key, one per link for the Link pages.</summary>
public sealed class RateLimitOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Requests an API key may make per second, sustained.</summary>
    public double PermitsPerSecond { get; set; } = 100;

    /// <summary>Requests an API key may make at once after being idle (the bucket's size).</summary>
    public int Burst { get; set; } = 200;

    /// <summary>Sustained rate for requests without a valid API key, per client address.</summary>
    public double UnauthenticatedPermitsPerSecond { get; set; } = 2;

    public int UnauthenticatedBurst { get; set; } = 20;

    /// <summary>
    /// Sustained rate for the Link pages (<c>/link/…</c>), per link (company and connection): end users share no
    /// bucket with the API's callers, nor with other links' users behind the same address.
    /// </summary>
    public double LinkPermitsPerSecond { get; set; } = 1;

    public int LinkBurst { get; set; } = 30;
}
