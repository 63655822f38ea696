namespace Switchboard.Server.RateLimiting;

/// <summary>A token bucket: holds up to <c>capacity</c> tokens, refilled continuously at <c>rate</c> per second.</summary>
internal sealed class TokenBucket(int capacity, double ratePerSecond, long nowTicks)
{
    private readonly Lock _lock = new();
    private double _tokens = capacity;
    private long _updated = nowTicks;

    public int Capacity => capacity;

    /// <summary>Takes one token if there is one; says what is left and when the bucket is full again.</summary>
    public RateLimitDecision TryTake(long nowTicks)
    {
        lock (_lock)
        {
            Refill(nowTicks);
            var allowed = _tokens >= 1;
            if (allowed)
            {
                _tokens -= 1;
            }

            var untilFull = (capacity - _tokens) / ratePerSecond;
            var untilNext = allowed ? 0 : (1 - _tokens) / ratePerSecond;
            return new RateLimitDecision(allowed, capacity, (int)Math.Floor(_tokens), (int)Math.Ceiling(untilFull), (int)Math.Ceiling(untilNext));
        }
    }

    /// <summary>Whether the bucket is full (idle long enough to be forgotten).</summary>
    public bool IsFull(long nowTicks)
    {
        lock (_lock)
        {
            Refill(nowTicks);
            return _tokens >= capacity;
        }
    }

    private void Refill(long nowTicks)
    {
        var elapsedSeconds = Math.Max(0, nowTicks - _updated) / (double)TimeSpan.TicksPerSecond;
        _tokens = Math.Min(capacity, _tokens + (elapsedSeconds * ratePerSecond));
        _updated = nowTicks;
    }
}

internal readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, int ResetSeconds, int RetryAfterSeconds);
