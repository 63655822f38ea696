using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Switchboard.Server.Auth;
using Switchboard.Server.Health;
using Switchboard.Server.Telemetry;

namespace Switchboard.Server.Errors;

/// <summary>
/// Gives each request a correlation id, sends it back in <see cref="HeaderName"/>, and writes one log line
/// per request that carries it, so a caller quoting an error's <c>correlationId</c> can be found in the log.
/// The id is the request's W3C trace id (the caller's, when it sends a <c>traceparent</c>), so it also finds the trace.
/// </summary>
internal sealed partial class CorrelationMiddleware(RequestDelegate next, ILogger<CorrelationMiddleware> logger, SwitchboardMetrics metrics)
{
    public const string HeaderName = "X-Correlation-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        // ASP.NET Core starts the request's activity (continuing an incoming traceparent) whenever logging is on, which it always is here.
        var correlationId = Activity.Current is { } activity ? activity.TraceId.ToHexString() : Guid.NewGuid().ToString("N");
        context.TraceIdentifier = correlationId;
        // Set when the response starts, so the exception handler clearing the response cannot drop it.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[HeaderName] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        // Routing ran before this middleware; read the endpoint now, as the exception handler clears it before it answers.
        var endpoint = context.GetEndpoint();
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var status = context.Response.StatusCode;
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
            var tenant = context.User.FindFirst(ApiKeyAuthenticationHandler.TenantClaim)?.Value ?? "-";
            if (endpoint?.Metadata.GetMetadata<ProbeEndpoint>() is not null)
            {
                LogCompleted(logger, context.Request.Method, context.Request.Path, status, elapsed, route, tenant, correlationId);
            }
            else
            {
                metrics.RequestAnswered(endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? route, status);
                if (status >= 400)
                {
                    LogFailed(logger, context.Request.Method, context.Request.Path, status, elapsed, route, tenant, correlationId);
                }
                else
                {
                    LogCompleted(logger, context.Request.Method, context.Request.Path, status, elapsed, route, tenant, correlationId);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms; route {Route}, tenant {TenantId}, correlationId {CorrelationId}")]
    private static partial void LogCompleted(ILogger logger, string method, PathString path, int statusCode, double elapsedMs, string route, string tenantId, string correlationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms; route {Route}, tenant {TenantId}, correlationId {CorrelationId}")]
    private static partial void LogFailed(ILogger logger, string method, PathString path, int statusCode, double elapsedMs, string route, string tenantId, string correlationId);
}
