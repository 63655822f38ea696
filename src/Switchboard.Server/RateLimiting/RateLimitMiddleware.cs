using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Switchboard.Server.Auth;
using Switchboard.Server.Configuration;
using Switchboard.Server.Errors;
using Switchboard.Server.Health;
using Switchboard.Server.Telemetry;

namespace Switchboard.Server.RateLimiting;

/// <summary>
/// Limits each API key to its own token bucket, requests without a valid key to a smaller bucket per client
/// address (so guessing keys is slow), and the Link pages to a bucket per link, apart from the API's. Every response
/// says where the caller stands (<c>X-Rate-Limit-Limit</c>, <c>-Remaining</c>, <c>-Reset</c> in seconds until the bucket
/// is full); a refusal is a 429
/// <c>ErrorMessage</c> with <c>Retry-After</c>. Buckets live in this process: with several nodes each keeps its own.
/// </summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, IOptions<SwitchboardOptions> options, TimeProvider time, SwitchboardMetrics metrics)
{
    private const int SweepEvery = 4096;
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private int _requests;

    public async Task InvokeAsync(HttpContext context)
    {
        var limits = options.Value.RateLimits;
        // Probes (health) are polled by the infrastructure, never by tenants: they are not limited.
        if (!limits.Enabled || context.GetEndpoint()?.Metadata.GetMetadata<ProbeEndpoint>() is not null)
        {
            await next(context);
            return;
        }

        var now = time.GetTimestamp() * TimeSpan.TicksPerSecond / time.TimestampFrequency;
        var keyId = context.User.FindFirst(ApiKeyAuthenticationHandler.KeyClaim)?.Value;
        var bucket = keyId is not null
            ? _buckets.GetOrAdd("key:" + keyId, static (_, state) => new TokenBucket(state.limits.Burst, state.limits.PermitsPerSecond, state.now), (limits, now))
            : LinkBucketName(context) is { } link
            ? _buckets.GetOrAdd(link, static (_, state) => new TokenBucket(state.limits.LinkBurst, state.limits.LinkPermitsPerSecond, state.now), (limits, now))
            : _buckets.GetOrAdd("ip:" + context.Connection.RemoteIpAddress, static (_, state) => new TokenBucket(state.limits.UnauthenticatedBurst, state.limits.UnauthenticatedPermitsPerSecond, state.now), (limits, now));
        var decision = bucket.TryTake(now);
        // Set as the response starts, so error responses (which clear headers) carry them too.
        context.Response.OnStarting(static state =>
        {
            var (response, decision) = ((HttpResponse, RateLimitDecision))state;
            response.Headers["X-Rate-Limit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
            response.Headers["X-Rate-Limit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
            response.Headers["X-Rate-Limit-Reset"] = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }, (context.Response, decision));
        if (Interlocked.Increment(ref _requests) % SweepEvery == 0)
        {
            Sweep(now);
        }

        if (!decision.Allowed)
        {
            metrics.RateLimitRefused(keyId is not null ? "api_key" : context.Request.Path.StartsWithSegments("/link", StringComparison.OrdinalIgnoreCase) ? "link" : "client_address");
            throw new ApiException(StatusCodes.Status429TooManyRequests,
                $"Rate limit exceeded: at most {decision.Limit} requests at once, refilled over time. Retry after {decision.RetryAfterSeconds} s.")
            {
                RetryAfterSeconds = Math.Max(1, decision.RetryAfterSeconds),
            };
        }

        await next(context);
    }

    /// <summary>
    /// The Link pages' bucket: one per link (<c>/link/companies/{companyId}/connections/{connectionId}/…</c>), and one per
    /// client address for their other paths (logos); null outside <c>/link</c>.
    /// </summary>
    private static string? LinkBucketName(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/link", StringComparison.OrdinalIgnoreCase, out var rest))
        {
            return null;
        }

        var segments = rest.Value!.Split('/', 6);
        return segments is [_, var companies, var company, var connections, var connection, ..] &&
            companies.Equals("companies", StringComparison.OrdinalIgnoreCase) && connections.Equals("connections", StringComparison.OrdinalIgnoreCase)
            ? $"link:{company.ToLowerInvariant()}/{connection.ToLowerInvariant()}"
            : "link-ip:" + context.Connection.RemoteIpAddress;
    }

    /// <summary>Forgets buckets that are full again: they behave exactly like new ones.</summary>
    private void Sweep(long now)
    {
        foreach (var (key, bucket) in _buckets)
        {
            if (bucket.IsFull(now))
            {
                _buckets.TryRemove(key, out _);
            }
        }
    }
}
