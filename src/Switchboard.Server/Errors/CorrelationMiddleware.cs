using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
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
/// It also gives every bodiless 4xx/5xx (unknown routes, 405s) an <see cref="ErrorMessage"/> body, as ASP.NET Core's
/// status-code pages would, in the same pass over the request: one middleware layer instead of two on every request.
/// </summary>
internal sealed partial class CorrelationMiddleware(RequestDelegate next, RequestSpans spans, ILogger<CorrelationMiddleware> logger)
{
    public const string HeaderName = "X-Correlation-Id";

    /// <summary>The tag ASP.NET Core's <c>http.server.request.duration</c> gets: the operation id, such as <c>get-connection</c>.</summary>
    public const string OperationTag = "switchboard.operation";

    public async Task InvokeAsync(HttpContext context)
    {
        // ASP.NET Core starts the request's activity (continuing an incoming traceparent) whenever logging is on, which it always is here.
        var correlationId = Activity.Current is { } activity ? activity.TraceId.ToHexString() : Guid.NewGuid().ToString("N");
        context.TraceIdentifier = correlationId;
        // Set now, not from an OnStarting callback on every request: the exception handler clears the headers, and
        // every error answer it then writes goes through ErrorResponses, which sets it again.
        context.Response.Headers[HeaderName] = correlationId;
        // Routing ran before this middleware; read the endpoint now, as the exception handler clears it before it answers.
        var endpoint = context.GetEndpoint();
        var span = spans.Start(context, ProbeEndpoint.Is(endpoint));
        var started = Stopwatch.GetTimestamp();
        Exception? escaped = null;
        try
        {
            await next(context);
            if (NeedsErrorBody(context.Response))
            {
                var status = context.Response.StatusCode;
                await ErrorResponses.WriteAsync(context, status, ErrorResponses.DefaultMessage(status));
            }
        }
        catch (Exception exception) when (span is not null)
        {
            // Past the exception handler (the response had started): Kestrel ends the request as a failure.
            escaped = exception;
            throw;
        }
        finally
        {
            if (span is not null)
            {
                spans.Complete(span, context, endpoint, escaped);
            }

            Completed(context, endpoint, started, correlationId);
        }
    }

    /// <summary>A 4xx/5xx that nothing wrote a body for (what status-code pages answer); not a 499, whose client went away.</summary>
    private static bool NeedsErrorBody(HttpResponse response) =>
        response.StatusCode is >= 400 and < 600 and not StatusCodes.Status499ClientClosedRequest &&
        !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType);

    /// <summary>
    /// The request's operation id on its <c>http.server.request.duration</c> (present only when that is collected) and
    /// its log line; what they say is worked out only when someone listens.
    /// </summary>
    private void Completed(HttpContext context, Endpoint? endpoint, long started, string correlationId)
    {
        var status = context.Response.StatusCode;
        var probe = ProbeEndpoint.Is(endpoint);
        if (endpoint is not null && context.Features.Get<IHttpMetricsTagsFeature>() is { } requestMetrics)
        {
            requestMetrics.Tags.Add(new(OperationTag, endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? Route(endpoint)));
        }

        var failed = status >= 400 && !probe;
        if (!logger.IsEnabled(failed ? LogLevel.Information : LogLevel.Debug))
        {
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var tenant = context.User.FindFirst(ApiKeyAuthenticationHandler.TenantClaim)?.Value ?? "-";
        if (failed)
        {
            LogFailed(logger, context.Request.Method, context.Request.Path, status, elapsed, Route(endpoint), tenant, correlationId);
        }
        else
        {
            LogCompleted(logger, context.Request.Method, context.Request.Path, status, elapsed, Route(endpoint), tenant, correlationId);
        }
    }

    private static string Route(Endpoint? endpoint) => (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms; route {Route}, tenant {TenantId}, correlationId {CorrelationId}")]
    private static partial void LogCompleted(ILogger logger, string method, PathString path, int statusCode, double elapsedMs, string route, string tenantId, string correlationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms; route {Route}, tenant {TenantId}, correlationId {CorrelationId}")]
    private static partial void LogFailed(ILogger logger, string method, PathString path, int statusCode, double elapsedMs, string route, string tenantId, string correlationId);
}
