using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Switchboard.Server.Auth;
using Switchboard.Server.Configuration;
using Switchboard.Server.Health;

namespace Switchboard.Server.RateLimiting;

/// <summary>
/// The token buckets, as one ASP.NET Core partitioned rate limiter: one bucket per API key, a smaller one per client
/// address for requests without a valid key (so guessing keys is slow), and one per link for the Link pages, apart
/// from the API's. The framework refills every bucket from one timer and forgets idle ones. Buckets live in this
/// process: with several nodes each keeps its own.
/// </summary>
internal sealed class RateLimitBuckets
{
    private readonly Func<BucketKey, TokenBucketRateLimiterOptions> _apiKey;
    private readonly Func<BucketKey, TokenBucketRateLimiterOptions> _address;
    private readonly Func<BucketKey, TokenBucketRateLimiterOptions> _link;
    private static readonly BucketKey Unlimited = new(BucketKind.Address, "probes");
    private readonly RateLimitOptions _limits;

    public RateLimitBuckets(IOptions<SwitchboardOptions> options)
    {
        _limits = options.Value.RateLimits;
        var apiKey = Bucket(_limits.Burst, _limits.PermitsPerSecond);
        var address = Bucket(_limits.UnauthenticatedBurst, _limits.UnauthenticatedPermitsPerSecond);
        var link = Bucket(_limits.LinkBurst, _limits.LinkPermitsPerSecond);
        _apiKey = _ => apiKey;
        _address = _ => address;
        _link = _ => link;
        Limiter = PartitionedRateLimiter.Create<HttpContext, BucketKey>(Partition);
    }

    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>The size of <paramref name="kind"/>'s buckets and how many tokens a second refill them.</summary>
    public (int Burst, double PermitsPerSecond) Settings(BucketKind kind) => kind switch
    {
        BucketKind.ApiKey => (_limits.Burst, _limits.PermitsPerSecond),
        BucketKind.Link => (_limits.LinkBurst, _limits.LinkPermitsPerSecond),
        _ => (_limits.UnauthenticatedBurst, _limits.UnauthenticatedPermitsPerSecond),
    };

    /// <summary>The bucket this request is counted in.</summary>
    public static BucketKey KeyOf(HttpContext context)
    {
        if (context.User.FindFirst(ApiKeyAuthenticationHandler.KeyClaim)?.Value is { } keyId)
        {
            return new BucketKey(BucketKind.ApiKey, keyId);
        }

        return LinkOwner(context) is { } link
            ? new BucketKey(BucketKind.Link, link)
            : new BucketKey(BucketKind.Address, context.Connection.RemoteIpAddress?.ToString() ?? "");
    }

    private RateLimitPartition<BucketKey> Partition(HttpContext context)
    {
        // Probes (health) are polled by the infrastructure, never by tenants: they are not limited.
        if (ProbeEndpoint.Is(context))
        {
            return RateLimitPartition.GetNoLimiter(Unlimited);
        }

        var key = KeyOf(context);
        var options = key.Kind switch
        {
            BucketKind.ApiKey => _apiKey,
            BucketKind.Link => _link,
            _ => _address,
        };
        return RateLimitPartition.GetTokenBucketLimiter(key, options);
    }

    /// <summary>
    /// The Link pages' owner: one per link (<c>/link/companies/{companyId}/connections/{connectionId}/…</c>), and the
    /// client address for their other paths (logos, the callback); null outside <c>/link</c>.
    /// </summary>
    private static string? LinkOwner(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/link", StringComparison.OrdinalIgnoreCase, out var rest))
        {
            return null;
        }

        var segments = rest.Value!.Split('/', 6);
        return segments is [_, var companies, var company, var connections, var connection, ..] &&
            companies.Equals("companies", StringComparison.OrdinalIgnoreCase) && connections.Equals("connections", StringComparison.OrdinalIgnoreCase)
            ? $"{company.ToLowerInvariant()}/{connection.ToLowerInvariant()}"
            : "address:" + context.Connection.RemoteIpAddress;
    }

    /// <summary>
    /// A refill of one token every 1/rate seconds (more per period above 1,000 a second, as a period cannot be
    /// shorter than a tick); the framework adds tokens in proportion to the time elapsed, so rates above one per timer
    /// tick (100 ms) refill smoothly too. No queue: an empty bucket answers at once.
    /// </summary>
    private static TokenBucketRateLimiterOptions Bucket(int burst, double permitsPerSecond)
    {
        var tokensPerPeriod = (int)Math.Min(int.MaxValue, Math.Max(1, Math.Ceiling(permitsPerSecond / 1000)));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(tokensPerPeriod / permitsPerSecond),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
