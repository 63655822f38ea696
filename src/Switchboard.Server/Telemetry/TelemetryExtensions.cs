using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Switchboard.Server.Configuration;
using Switchboard.Server.Persistence.Sql;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics (ASP.NET Core, HttpClient, EF Core, Npgsql, the hand-written statements on SQLite
/// and the <c>Switchboard</c> meter), each exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or its own
/// endpoint variable is set (<see cref="OtlpSignal"/>; the SDK reads the other standard <c>OTEL_*</c> variables itself,
/// the sampler among them; logs are not exported, they are the console's; without <c>OTEL_TRACES_SAMPLER</c>,
/// Switchboard's own, <see cref="TraceBudget"/>: up to a number of new traces a second, and up to as many requests
/// that answer an error, so the <c>correlationId</c> of an error finds its request); and the console log's format.
/// What a request costs with telemetry on is kept small by collecting only the ASP.NET Core meters that say something
/// the request duration does not, and by taking the request span from ASP.NET Core itself (<see cref="RequestSpans"/>).
/// </summary>
internal static class TelemetryExtensions
{
    public const string SamplerVariable = "OTEL_TRACES_SAMPLER";

    /// <summary>
    /// ASP.NET Core's meters that are collected: request duration (Hosting; its count is the requests by route,
    /// method and status, tagged with the operation id too), connections (Kestrel), unhandled exceptions
    /// (Diagnostics) and the rate limiter's. Left out, each a measurement on every request that the request duration
    /// already answers: Hosting's active requests (two: in and out), routing's match attempts, authentication's and
    /// authorization's per-request records, and the memory pool's.
    /// </summary>
    private static readonly string[] AspNetCoreMeters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting",
    ];

    public static WebApplicationBuilder AddSwitchboardTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ConnectionCounts>();
        services.AddSingleton<SwitchboardMetrics>();

        var configuration = builder.Configuration;
        var exportingTraces = OtlpSignal.Traces.IsExported(configuration);
        var exportingMetrics = OtlpSignal.Metrics.IsExported(configuration);
        var exporting = exportingTraces || exportingMetrics;
        const string section = $"{SwitchboardOptions.SectionName}:{nameof(SwitchboardOptions.Telemetry)}";
        var enabled = configuration.GetValue<bool?>($"{section}:{nameof(TelemetryOptions.Enabled)}") ?? exporting;
        // The standard OTEL_TRACES_SAMPLER, when set, is the SDK's to read and apply; otherwise Switchboard's sampler.
        var budgeted = enabled && string.IsNullOrWhiteSpace(configuration[SamplerVariable]);
        var tracesPerSecond = configuration.GetValue<double?>($"{section}:{nameof(TelemetryOptions.TracesPerSecond)}") ?? TraceBudget.DefaultTracesPerSecond;
        // A value out of range is refused when the server starts (SwitchboardOptionsValidator), with its name.
        tracesPerSecond = TelemetryOptions.IsTracesPerSecond(tracesPerSecond) ? tracesPerSecond : 0;
        // Requests kept for answering an error have a budget of their own, as large: besides the new traces, not out of them.
        services.AddSingleton(new RequestSpans(budgeted ? new TraceBudget.PerSecond(tracesPerSecond) : null));
        if (!enabled)
        {
            return builder;
        }

        var statementSpans = configuration.GetValue<bool>($"{section}:{nameof(TelemetryOptions.SqliteStatementSpans)}");
        // The request span is ASP.NET Core's own activity, with the attributes it adds itself (RequestSpans); the
        // switch is read when the server starts, so it is set now, before the host is built.
        AppContext.SetSwitch(RequestSpans.NativeAttributesSwitch, false);
        services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME, when set, wins (the SDK reads it); otherwise the service is "switchboard".
                if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService("switchboard");
                }
            })
            .WithTracing(tracing =>
            {
                if (budgeted)
                {
                    // Only when OTEL_TRACES_SAMPLER is unset: a sampler set in code wins over the standard variables.
                    tracing.SetSampler(TraceBudget.Sampler(tracesPerSecond));
                }

                tracing
                    .AddSource(RequestSpans.SourceName)
                    .AddHttpClientInstrumentation()
                    .AddEntityFrameworkCoreInstrumentation()
                    .AddNpgsql();
                if (statementSpans)
                {
                    tracing.AddSource(SqlTracing.SourceName);
                }

                if (exportingTraces)
                {
                    tracing.AddOtlpExporter(exporter => OtlpSignal.Traces.Configure(exporter, configuration));
                }
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(AspNetCoreMeters)
                    .AddView("http.server.active_requests", MetricStreamConfiguration.Drop)
                    .AddHttpClientInstrumentation()
                    .AddMeter(SwitchboardMetrics.MeterName, "Npgsql");
                if (exportingMetrics)
                {
                    metrics.AddOtlpExporter(exporter => OtlpSignal.Metrics.Configure(exporter, configuration));
                }
            });

        return builder;
    }

    /// <summary><c>Switchboard:Logging:Format=json</c>: ASP.NET Core's JSON console formatter, one object per line, with the request's scope (trace id).</summary>
    public static WebApplicationBuilder AddSwitchboardLogging(this WebApplicationBuilder builder)
    {
        var format = builder.Configuration[$"{SwitchboardOptions.SectionName}:{nameof(SwitchboardOptions.Logging)}:{nameof(LoggingOptions.Format)}"];
        if (new LoggingOptions { Format = format ?? LoggingOptions.Text }.IsJson)
        {
            builder.Logging.AddJsonConsole(ConfigureJsonLines);
        }

        return builder;
    }

    /// <summary>The JSON format's settings (the credential canary tests read logs formatted with them too).</summary>
    public static void ConfigureJsonLines(JsonConsoleFormatterOptions json)
    {
        json.IncludeScopes = true;
        json.UseUtcTimestamp = true;
        json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        json.JsonWriterOptions = new JsonWriterOptions { Indented = false };
    }
}
