using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Switchboard.Server.Persistence.Sql;

namespace Switchboard.Server.Errors;

/// <summary>
/// Maps every exception that escapes a handler to an <see cref="ErrorMessage"/> response: domain failures
/// to their status, framework rejections (body too large, bad request line) to 4xx, anything else to a 500
/// whose body says nothing about the server's internals.
/// </summary>
internal sealed partial class ErrorMessageExceptionHandler(ILogger<ErrorMessageExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        switch (exception)
        {
            case ApiException api:
                if (api.RetryAfterSeconds is { } retryAfter)
                {
                    httpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await ErrorResponses.WriteAsync(httpContext, api.StatusCode, api.Message, api.ValidationErrors);
                return true;
            case BadHttpRequestException bad:
                await ErrorResponses.WriteAsync(httpContext, bad.StatusCode, ErrorResponses.DefaultMessage(bad.StatusCode));
                return true;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                // The client went away; nobody is left to read an answer.
                httpContext.Response.StatusCode = 499;
                return true;
            case var _ when IsBusy(exception):
                // SQLite's write lock outlasted the busy timeout: held by another process (an operator's sqlite3 session,
                // a bulk import), or by this one's own writers under load. SQLite's own exception from a transaction's
                // BEGIN or a hand-written statement; wrapped in DbUpdateException from SaveChanges.
                LogBusy(logger, httpContext.TraceIdentifier, exception);
                httpContext.Response.Headers.RetryAfter = "1";
                await ErrorResponses.WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable, "The database is busy; retry shortly.");
                return true;
            case var _ when DatabaseErrors.IsUnavailable(exception):
                LogUnavailable(logger, httpContext.TraceIdentifier, exception);
                httpContext.Response.Headers.RetryAfter = "1";
                await ErrorResponses.WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable, "The database is unavailable; retry shortly.");
                return true;
            default:
                LogUnhandled(logger, httpContext.TraceIdentifier, exception);
                await ErrorResponses.WriteAsync(httpContext, StatusCodes.Status500InternalServerError, ErrorResponses.DefaultMessage(500));
                return true;
        }
    }

    private static bool IsBusy(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // SQLITE_BUSY, and SQLITE_LOCKED_SHAREDCACHE; a plain SQLITE_LOCKED is a statement conflicting with its own
            // connection, which no retry mends.
            if (e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 } or Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 262 })
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception; correlationId {CorrelationId}")]
    private static partial void LogUnhandled(ILogger logger, string correlationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable; correlationId {CorrelationId}")]
    private static partial void LogUnavailable(ILogger logger, string correlationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database busy; correlationId {CorrelationId}")]
    private static partial void LogBusy(ILogger logger, string correlationId, Exception exception);
}
