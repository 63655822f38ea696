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

    /// <summary>
    /// With no <c>OTEL_TRACES_SAMPLER</c>: how many new traces a second (those that start on this node, not a caller's
    /// sampled ones) are recorded at most, in bursts of up to a second's worth; 0 records none. Every request that answers
    /// an error (except 429) is recorded besides. The budget is what keeps tracing's cost from growing with the request rate.
    /// </summary>
    public double TracesPerSecond { get; set; } = Telemetry.TraceBudget.DefaultTracesPerSecond;
}
