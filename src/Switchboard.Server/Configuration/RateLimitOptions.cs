namespace Switchboard.Server.Configuration;

/// <summary>Token buckets: one per API key, and one per client address for requests without a valid key.</summary>
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
}
