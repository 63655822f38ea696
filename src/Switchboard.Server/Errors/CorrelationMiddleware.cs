using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Switchboard.Server.Errors;

/// <summary>
/// Gives each request a correlation id, sends it back in <see cref="HeaderName"/>, and writes one log line
/// per request that carries it, so a caller quoting an error's <c>correlationId</c> can be found in the log.
/// </summary>
internal sealed partial class CorrelationMiddleware(RequestDelegate next, ILogger<CorrelationMiddleware> logger)
{
    public const string HeaderName = "X-Correlation-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var correlationId = Guid.NewGuid().ToString("N");
        context.TraceIdentifier = correlationId;
        // Set when the response starts, so the exception handler clearing the response cannot drop it.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[HeaderName] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var status = context.Response.StatusCode;
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (status >= 400)
            {
                LogFailed(logger, context.Request.Method, context.Request.Path, status, elapsed, correlationId);
            }
            else
            {
                LogCompleted(logger, context.Request.Method, context.Request.Path, status, elapsed, correlationId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms; correlationId {CorrelationId}")]
    private static partial void LogCompleted(ILogger logger, string method, PathString path, int statusCode, double elapsedMs, string correlationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms; correlationId {CorrelationId}")]
    private static partial void LogFailed(ILogger logger, string method, PathString path, int statusCode, double elapsedMs, string correlationId);
}
