namespace Switchboard.Server.Configuration;

/// <summary>OpenTelemetry traces and metrics.</summary>
public sealed class TelemetryOptions
{
    /// <summary>
    /// Whether traces and metrics are collected; unset: when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (they are then
    /// exported over OTLP). Collecting without an endpoint exports nothing; it serves an exporter added in code.
    /// </summary>
    public bool? Enabled { get; set; }
}
