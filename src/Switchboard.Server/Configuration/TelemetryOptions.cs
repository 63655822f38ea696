namespace Switchboard.Server.Configuration;

/// <summary>OpenTelemetry traces and metrics.</summary>
public sealed class TelemetryOptions
{
    /// <summary>
    /// Whether traces and metrics are collected; unset: when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (they are then
    /// exported over OTLP). Collecting without an endpoint exports nothing; it serves an exporter added in code.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// Whether the statements Switchboard runs outside EF Core on SQLite get a span each (<c>Switchboard.Sql</c>). Off by
    /// default: with every trace recorded they took a GET connection's telemetry cost from about +10 % to +19 % of
    /// server CPU. PostgreSQL's statements are traced by Npgsql either way.
    /// </summary>
    public bool SqliteStatementSpans { get; set; }
}
