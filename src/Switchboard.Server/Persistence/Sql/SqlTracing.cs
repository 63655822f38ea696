using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Switchboard.Server.Persistence.Sql;

/// <summary>
/// Client spans for hand-written statements on SQLite, following OpenTelemetry's database conventions. No other
/// instrumentation sees them: EF Core's sees only the commands EF Core runs, and Microsoft.Data.Sqlite has none. On
/// PostgreSQL nothing is added: Npgsql's own source traces every command, hand-written or not. The source is listened
/// to only with <c>Switchboard__Telemetry__SqliteStatementSpans</c>; otherwise a statement pays one check. With it, a
/// statement of a trace the sampler drops pays the sampler's decision only: names and attributes are made for recorded spans.
/// </summary>
internal static partial class SqlTracing
{
    public const string SourceName = "Switchboard.Sql";

    private static readonly ActivitySource Source = new(SourceName);

    // Most statements are a fixed set of texts (SqlStatement), so each one is summarized once; lists filtered by the
    // query language vary with the filter, so the cache stops growing at a bound.
    private const int MaxCachedSummaries = 1_000;

    private static readonly ConcurrentDictionary<string, Summary> Summaries = new(StringComparer.Ordinal);

    /// <summary>A span for running SQLite <paramref name="command"/>, or null when nobody listens or the trace is not sampled.</summary>
    public static Activity? Start(DbCommand command)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var span = Source.StartActivity("sqlite", ActivityKind.Client);
        if (span is not { IsAllDataRequested: true })
        {
            return span;
        }

        // Each statement here is one operation written by hand: its first keyword and the first table it names summarize
        // it ("SELECT connections"). The text itself is not recorded: long, and repeated in every span, it made each
        // traced GET connection's export 40 % larger.
        var text = command.CommandText;
        if (!Summaries.TryGetValue(text, out var summary))
        {
            summary = Summarize(text);
            if (Summaries.Count < MaxCachedSummaries)
            {
                Summaries.TryAdd(text, summary);
            }
        }

        span.SetTag("db.system.name", "sqlite");
        if (summary.Operation is { } operation)
        {
            span.DisplayName = summary.Text;
            span.SetTag("db.operation.name", operation).SetTag("db.collection.name", summary.Collection).SetTag("db.query.summary", summary.Text);
        }

        return span;
    }

    /// <summary>Marks the span failed; for an exception filter, so it never catches.</summary>
    public static bool Failed(Activity? span, Exception exception)
    {
        span?.SetStatus(ActivityStatusCode.Error).SetTag("error.type", exception.GetType().FullName);
        return false;
    }

    private static Summary Summarize(string text)
    {
        var operation = OperationPattern().Match(text) is { Success: true } keyword ? keyword.Value.ToUpperInvariant() : null;
        var collection = TablePattern().Match(text) is { Success: true } table ? table.Groups[1].Value : null;
        return new Summary(operation, collection, operation is null ? "sqlite" : collection is null ? operation : $"{operation} {collection}");
    }

    private sealed record Summary(string? Operation, string? Collection, string Text);

    [GeneratedRegex(@"\b(SELECT|INSERT|UPDATE|DELETE|PRAGMA|CREATE|ALTER|DROP)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OperationPattern();

    [GeneratedRegex(@"\b(?:FROM|INTO|UPDATE)\s+([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TablePattern();
}
