namespace Switchboard.Server.Configuration;

/// <summary>OpenTelemetry traces and metrics.</summary>
public sealed class TelemetryOptions
{
    /// <summary>
    /// Whether traces and metrics are collected; unset: when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or a signal's own
    /// endpoint variable is set (they are then exported over OTLP, <see cref="Telemetry.OtlpSignal"/>). Collecting
    /// without an endpoint exports nothing; it serves an exporter added in code.
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
    /// sampled ones) are recorded at most, in bursts of up to a second's worth (at least one); 0 records none. Requests
    /// that answer an error (not 429) and were left out are recorded besides, up to as many a second again. The budget
    /// is what keeps tracing's cost from growing with the request rate.
    /// </summary>
    public double TracesPerSecond { get; set; } = Telemetry.TraceBudget.DefaultTracesPerSecond;

    /// <summary>
    /// How often a node counts the connections by status for the <c>switchboard.connections</c> gauge, at most (a
    /// count is started when the gauge is read and the last one is older). The count reads the whole connections table,
    /// about half a second at a million connections on either database (<see cref="Telemetry.ConnectionCounts"/>).
    /// <c>00:00:00</c>: this node has no gauge and never counts (a cluster needs the gauge on one node only).
    /// </summary>
    public TimeSpan ConnectionCountInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>0 (no gauge), or from one second to a day.</summary>
    public static bool IsConnectionCountInterval(TimeSpan value) => value == TimeSpan.Zero || (value >= TimeSpan.FromSeconds(1) && value <= TimeSpan.FromDays(1));

    /// <summary>0 (none), or from one trace in 1,000 seconds up to a million a second.</summary>
    public static bool IsTracesPerSecond(double value) => value == 0 || value is >= 0.001 and <= 1_000_000;
}
