using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Switchboard.Server.Telemetry;
using Xunit;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// Everything the server logged, at every level, formatted as a log sink would store it: as text with the structured
/// values, and as the JSON lines of <c>Switchboard__Logging__Format=json</c> (ASP.NET Core's JSON formatter with the
/// server's settings), which carry the scopes too (the request's path, the HTTP client's URL, the trace ids).
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private static readonly ConsoleFormatter JsonFormatter = new ServiceCollection()
        .AddLogging(logging => logging.AddJsonConsole(TelemetryExtensions.ConfigureJsonLines))
        .BuildServiceProvider()
        .GetServices<ConsoleFormatter>()
        .Single(f => f.Name == ConsoleFormatterNames.Json);

    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _jsonLines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Lines => _lines;

    public string All => string.Join('\n', _lines);

    /// <summary>The same entries as JSON lines, with their scopes.</summary>
    public string Json => string.Join('\n', _jsonLines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    /// <summary>
    /// Asserts no entry holds <paramref name="secret"/> (in any case), in either form; in the JSON form as the
    /// formatter escapes it (a <c>+</c> in a base64 secret is written <c>\u002B</c>).
    /// </summary>
    public void AssertNotLogged(string secret)
    {
        // The JSON form is searched with the scopes in it (a request's scope is an object: its path and trace ids).
        Assert.Contains("\"Scopes\":[{", Json, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, All, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(JsonEncodedText.Encode(secret).ToString(), Json, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
    }

    private sealed class Logger(string category, CapturedLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => logs._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? " {" + string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) + "}"
                : string.Empty;
            logs._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{structured}{(exception is null ? string.Empty : "\n" + exception)}");
            using var json = new StringWriter();
            JsonFormatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), logs._scopes, json);
            logs._jsonLines.Enqueue(json.ToString().TrimEnd());
        }
    }
}
