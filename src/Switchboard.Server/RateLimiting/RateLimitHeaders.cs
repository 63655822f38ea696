using System.Globalization;
using Microsoft.AspNetCore.Http;
using Switchboard.Server.Health;

namespace Switchboard.Server.RateLimiting;

/// <summary>
/// Says on every response where the caller stands in its bucket: <c>X-Rate-Limit-Limit</c> (the bucket's size),
/// <c>-Remaining</c> and <c>-Reset</c> (whole seconds until it is full again), read from the rate limiter's statistics
/// as the response starts, so error responses (which clear headers) and refusals carry them too.
/// </summary>
internal sealed class RateLimitHeaders(RequestDelegate next, RateLimitBuckets buckets)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (ProbeEndpoint.Is(context))
        {
            return next(context);
        }

        context.Response.OnStarting(static state =>
        {
            var (context, buckets) = ((HttpContext, RateLimitBuckets))state;
            var (burst, permitsPerSecond) = buckets.Settings(RateLimitBuckets.KeyOf(context).Kind);
            var remaining = buckets.Limiter.GetStatistics(context)?.CurrentAvailablePermits ?? burst;
            var headers = context.Response.Headers;
            headers["X-Rate-Limit-Limit"] = burst.ToString(CultureInfo.InvariantCulture);
            headers["X-Rate-Limit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
            headers["X-Rate-Limit-Reset"] = Math.Ceiling((burst - remaining) / permitsPerSecond).ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }, (context, buckets));
        return next(context);
    }
}
