using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// One signal's OTLP export (traces or metrics), configured by the standard variables: a signal is exported when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (the collector's base address, to which the SDK adds <c>/v1/traces</c> or
/// <c>/v1/metrics</c>) or its own <c>OTEL_EXPORTER_OTLP_{TRACES|METRICS}_ENDPOINT</c> (used as it is) is set, and its own
/// <c>_PROTOCOL</c>, <c>_HEADERS</c> and <c>_TIMEOUT</c> win over the shared ones, as the OpenTelemetry specification
/// says. The SDK's exporter for one signal reads only the shared variables; its all-signals registration reads these
/// too, but also turns on logs, which Switchboard leaves to the console.
/// </summary>
internal sealed class OtlpSignal
{
    public const string Variable = "OTEL_EXPORTER_OTLP";

    public static readonly OtlpSignal Traces = new("TRACES");

    public static readonly OtlpSignal Metrics = new("METRICS");

    private readonly string _prefix;

    private OtlpSignal(string name) => _prefix = $"{Variable}_{name}";

    /// <summary>The shared endpoint variable.</summary>
    public static string EndpointVariable => $"{Variable}_ENDPOINT";

    public string OwnEndpointVariable => $"{_prefix}_ENDPOINT";

    public bool IsExported(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[EndpointVariable]) || !string.IsNullOrWhiteSpace(configuration[OwnEndpointVariable]);

    /// <summary>Applies the signal's own variables over the shared ones, which the SDK has already read.</summary>
    public void Configure(OtlpExporterOptions exporter, IConfiguration configuration)
    {
        if (Uri.TryCreate(configuration[OwnEndpointVariable], UriKind.Absolute, out var endpoint))
        {
            // Set this way, the SDK sends to the address as it is, with no /v1/… added.
            exporter.Endpoint = endpoint;
        }

        switch (configuration[$"{_prefix}_PROTOCOL"]?.Trim())
        {
            case "grpc":
                exporter.Protocol = OtlpExportProtocol.Grpc;
                break;
            case "http/protobuf":
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                break;
        }

        if (configuration[$"{_prefix}_HEADERS"] is { Length: > 0 } headers)
        {
            exporter.Headers = headers;
        }

        if (int.TryParse(configuration[$"{_prefix}_TIMEOUT"], out var timeout) && timeout > 0)
        {
            exporter.TimeoutMilliseconds = timeout;
        }
    }
}
