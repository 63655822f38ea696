using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;
using Switchboard.Server.Errors;
using Switchboard.Server.Telemetry;

namespace Switchboard.Server.RateLimiting;

/// <summary>ASP.NET Core's rate limiter with Switchboard's buckets, headers and <c>ErrorMessage</c> refusals.</summary>
internal static class RateLimitingExtensions
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddSingleton<RateLimitBuckets>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<RateLimitBuckets>((options, buckets) =>
        {
            options.GlobalLimiter = buckets.Limiter;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = Refuse;
        });
        return services;
    }

    /// <summary>After authentication (a bucket is the caller's key) and before authorization (so a wrong key is counted).</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<SwitchboardOptions>>().Value.RateLimits.Enabled)
        {
            app.UseMiddleware<RateLimitHeaders>();
            app.UseRateLimiter();
        }

        return app;
    }

    /// <summary>A refusal is an <c>ErrorMessage</c> 429 with <c>Retry-After</c>, written by the one exception handler.</summary>
    private static ValueTask Refuse(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 1;
        var services = rejected.HttpContext.RequestServices;
        var kind = RateLimitBuckets.KeyOf(rejected.HttpContext).Kind;
        var (burst, _) = services.GetRequiredService<RateLimitBuckets>().Settings(kind);
        services.GetRequiredService<SwitchboardMetrics>().RateLimitRefused(kind switch
        {
            BucketKind.ApiKey => "api_key",
            BucketKind.Link => "link",
            _ => "client_address",
        });
        throw new ApiException(StatusCodes.Status429TooManyRequests,
            $"Rate limit exceeded: at most {burst} requests at once, refilled over time. Retry after {Math.Max(1, retryAfter)} s.")
        {
            RetryAfterSeconds = Math.Max(1, retryAfter),
        };
    }
}
