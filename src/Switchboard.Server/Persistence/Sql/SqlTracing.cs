using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Switchboard.Server.Persistence.Sql;

/// <summary>
/// Client spans for hand-written statements on SQLite, following OpenTelemetry's database conventions. No other
/// instrumentation sees them: EF Core's sees only the commands EF Core runs, and Microsoft.Data.Sqlite has none. On
/// PostgreSQL nothing is added: Npgsql's own source traces every command, hand-written or not. With telemetry off
/// nobody listens to the source, and a statement pays one check.
/// </summary>
internal static partial class SqlTracing
{
    public const string SourceName = "Switchboard.Sql";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>A span for running <paramref name="command"/>, or null when it is not SQLite or nobody listens.</summary>
    public static Activity? Start(DbCommand command)
    {
        if (command is not SqliteCommand || !Source.HasListeners())
        {
            return null;
        }

        // Each statement here is one operation written by hand, so its first keyword names it (a script's, its first).
        var operation = OperationPattern().Match(command.CommandText) is { Success: true } match ? match.Value.ToUpperInvariant() : null;
        // The text is safe to record: values are always parameters, never written into it.
        var tags = new ActivityTagsCollection { ["db.system.name"] = "sqlite", ["db.query.text"] = command.CommandText };
        if (operation is not null)
        {
            tags["db.operation.name"] = operation;
        }

        return Source.StartActivity(operation ?? "sqlite", ActivityKind.Client, parentContext: default, tags);
    }

    /// <summary>Marks the span failed; for an exception filter, so it never catches.</summary>
    public static bool Failed(Activity? span, Exception exception)
    {
        span?.SetStatus(ActivityStatusCode.Error).SetTag("error.type", exception.GetType().FullName);
        return false;
    }

    [GeneratedRegex(@"\b(SELECT|INSERT|UPDATE|DELETE|PRAGMA|CREATE|ALTER|DROP)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OperationPattern();
}
