using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Switchboard.Server.Hosting;

/// <summary>
/// Keeps URLs with their query strings out of every log, whatever the configured levels. ASP.NET Core's hosting
/// diagnostics write each request's URL with its query string at Information ("Request starting …", "Request finished
/// …"), its redirect result the URL it redirects to, and Kestrel, at Debug, a malformed request's line; query strings
/// carry secrets: a platform's authorization code on <c>/link/callback</c>, a Link page's token. A filter rule cannot
/// keep them out, because a level set for one output (<c>Logging__Console__LogLevel__Default</c>) outranks any rule set
/// for all of them; so the logger factory hands those categories a logger that passes on warnings and above only.
/// Switchboard's own request log (<see cref="Errors.CorrelationMiddleware"/>) records each request by its path and
/// route instead, and the Link pages redirect without the logging result (<see cref="Link.UnloggedRedirect"/>).
/// </summary>
internal sealed class RequestLineGuard(ILoggerFactory inner) : ILoggerFactory
{
    /// <summary>The categories that write a URL with its query string below Warning.</summary>
    private static readonly HashSet<string> Guarded = new(StringComparer.Ordinal)
    {
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        "Microsoft.AspNetCore.Http.Result.RedirectResult",
        "Microsoft.AspNetCore.Http.Result.LocalRedirectResult",
        "Microsoft.AspNetCore.Server.Kestrel.BadRequests",
    };

    public static void Replace(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider => new RequestLineGuard(new LoggerFactory(
            provider.GetServices<ILoggerProvider>(),
            provider.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            provider.GetService<IOptions<LoggerFactoryOptions>>(),
            provider.GetService<IExternalScopeProvider>()))));

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return Guarded.Contains(categoryName) ? new WarningsOnly(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class WarningsOnly(ILogger logger) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => logger.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && logger.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                logger.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
