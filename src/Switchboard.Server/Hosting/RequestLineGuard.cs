using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Switchboard.Server.Hosting;

/// <summary>
/// Keeps the request line out of every log, whatever the configured levels. ASP.NET Core's hosting diagnostics write
/// each request's URL with its query string at Information ("Request starting …", "Request finished …"), and the query
/// string carries secrets: a platform's authorization code on <c>/link/callback</c>, a Link page's token. A filter rule
/// cannot keep them out, because a level set for one output (<c>Logging__Console__LogLevel__Default</c>) outranks any
/// rule set for all of them; so the logger factory hands that category a logger that passes on warnings and above only.
/// Switchboard's own request log (<see cref="Errors.CorrelationMiddleware"/>) records each request by its route instead.
/// </summary>
internal sealed class RequestLineGuard(ILoggerFactory inner) : ILoggerFactory
{
    /// <summary>The category of ASP.NET Core's request log.</summary>
    public const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static void Replace(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider => new RequestLineGuard(new LoggerFactory(
            provider.GetServices<ILoggerProvider>(),
            provider.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            provider.GetService<IOptions<LoggerFactoryOptions>>(),
            provider.GetService<IExternalScopeProvider>()))));

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return string.Equals(categoryName, HostingDiagnostics, StringComparison.Ordinal) ? new WarningsOnly(logger) : logger;
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
