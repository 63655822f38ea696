using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Switchboard.Server.Errors;
using Switchboard.Server.Persistence.Sql;
using Switchboard.Server.Telemetry;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>
/// What the server does with telemetry when nobody configures it: nothing is collected and nothing listens (so it
/// costs nothing), yet a caller's <c>traceparent</c> still gives an error its correlation id; and setting the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> alone exports traces and metrics over OTLP, to a real OTLP/HTTP receiver here.
/// In the telemetry collection: whether anything listens is a question about the whole process.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryDefaultTests
{
    /// <summary>OTLP/HTTP's default port: where the SDK sends a signal that has no address of its own.</summary>
    private const int DefaultHttpPort = 4318;

    [Fact]
    public async Task ByDefault_NoTracerOrMeterProviderIsRegistered_AndNothingListensToSwitchboardsSources()
    {
        await using var server = await SwitchboardTestServer.StartAsync();
        var companyId = await server.Client.CreateCompanyIdAsync();
        (await server.Client.GetAsync($"/companies/{companyId}")).EnsureSuccessStatusCode();

        Assert.Null(server.Services.GetService<TracerProvider>());
        Assert.Null(server.Services.GetService<MeterProvider>());
        // A listener chooses sources and meters by name: new ones with Switchboard's names find none.
        using var statements = new ActivitySource(SqlTracing.SourceName);
        Assert.False(statements.HasListeners());
        using var meter = new Meter(SwitchboardMetrics.MeterName);
        Assert.False(meter.CreateCounter<long>("switchboard.probe").Enabled);
    }

    [Fact]
    public async Task WithTelemetryOn_TheSqliteStatementSpansStayOff_UnlessAskedFor()
    {
        var spans = new List<Activity>();
        await using var server = await SwitchboardTestServer.StartAsync(
            new Dictionary<string, string?> { ["Switchboard:Telemetry:Enabled"] = "true" },
            configure: builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        var companyId = await server.Client.CreateCompanyIdAsync();

        using var response = await server.Client.GetAsync($"/companies/{companyId}");

        response.EnsureSuccessStatusCode();
        // The request's own span is exported, so the capture works; none comes from the statement source.
        var trace = response.Header(CorrelationMiddleware.HeaderName);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!spans.ToArray().Any(s => s.Kind == ActivityKind.Server && s.TraceId.ToHexString() == trace) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains(spans.ToArray(), s => s.Kind == ActivityKind.Server && s.TraceId.ToHexString() == trace);
        Assert.DoesNotContain(spans.ToArray(), s => s.Source.Name == SqlTracing.SourceName);
    }

    /// <summary>
    /// <c>ConnectionCountInterval=00:00:00</c>: the node has no connections gauge (it never counts the table), while the
    /// other metrics are collected; with the default, the same reads export the gauge.
    /// </summary>
    [Theory]
    [InlineData(null, true)]
    [InlineData("00:00:00", false)]
    public async Task The_Connections_Gauge_Is_Off_With_A_Zero_Count_Interval(string? interval, bool gauged)
    {
        var metrics = new List<Metric>();
        var settings = new Dictionary<string, string?> { ["Switchboard:Telemetry:Enabled"] = "true" };
        if (interval is not null)
        {
            settings["Switchboard:Telemetry:ConnectionCountInterval"] = interval;
        }

        await using var server = await SwitchboardTestServer.StartAsync(
            settings,
            configure: builder => builder.Services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics)));
        await server.Client.CreateCompanyIdAsync();
        var provider = server.Services.GetRequiredService<MeterProvider>();

        // The first read starts a count in the background; a read after it has ended reports it.
        var exported = new List<string>();
        for (var read = 0; read < 20 && !exported.Contains("switchboard.connections"); read++)
        {
            await Task.Delay(100);
            lock (metrics)
            {
                metrics.Clear();
            }

            Assert.True(provider.ForceFlush(10_000));
            lock (metrics)
            {
                exported = [.. metrics.Select(m => m.Name)];
            }
        }

        Assert.Contains("http.server.request.duration", exported);
        Assert.Equal(gauged, exported.Contains("switchboard.connections"));
    }

    [Fact]
    public async Task ByDefault_AnIncomingTraceparent_IsStillTheErrorsCorrelationId()
    {
        await using var server = await SwitchboardTestServer.StartAsync();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();

        var response = await Traceparent.GetAsync(server, "/companies/not-a-guid", traceId);

        var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(traceId, error["correlationId"].Str());
        Assert.Equal(traceId, response.Header(CorrelationMiddleware.HeaderName));
    }

    [Fact]
    public async Task OtlpEndpoint_ExportsTracesAndMetricsOverOtlp()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?>
        {
            [OtlpSignal.EndpointVariable] = collector.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        var companyId = await server.Client.CreateCompanyIdAsync();
        var trace = (await server.Client.GetAsync($"/companies/{companyId}")).Header(CorrelationMiddleware.HeaderName)!;

        Assert.True(server.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000), "The traces were not exported within 10 s.");
        Assert.True(server.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000), "The metrics were not exported within 10 s.");

        // OTLP's protobuf carries a trace id as its 16 bytes, and names as UTF-8.
        var traces = collector.Received("/v1/traces");
        Assert.Contains(traces, body => body.AsSpan().IndexOf(Convert.FromHexString(trace)) >= 0);
        var metrics = collector.Received("/v1/metrics");
        Assert.Contains(metrics, body => body.AsSpan().IndexOf("http.server.request.duration"u8) >= 0);
        Assert.Contains(traces.Concat(metrics), body => body.AsSpan().IndexOf("switchboard"u8) >= 0);
        // Logs stay the console's: no OpenTelemetry log provider, and nothing sent to the receiver's logs path.
        Assert.Null(server.Services.GetService<LoggerProvider>());
        Assert.Empty(collector.Received("/v1/logs"));
    }

    /// <summary>
    /// A signal's own endpoint variable, with no shared one, exports that signal alone, to that address as it is (the
    /// receiver answers only on <c>/v1/{signal}</c>, so an address with a path added would lose it), with the signal's
    /// own protocol variable. The receiver listens on OTLP/HTTP's default address, so the other signal, were it
    /// exported, would reach it there too.
    /// </summary>
    [Theory]
    [InlineData("TRACES")]
    [InlineData("METRICS")]
    public async Task A_Signals_Own_Endpoint_Alone_Exports_That_Signal_Alone(string signal)
    {
        await using var collector = await OtlpReceiver.StartAsync(DefaultHttpPort);
        var own = signal == "TRACES" ? "/v1/traces" : "/v1/metrics";
        var other = signal == "TRACES" ? "/v1/metrics" : "/v1/traces";
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?>
        {
            [$"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT"] = collector.Url + own,
            // The shared protocol alone exports nothing; it puts the SDK's default address on the receiver's port.
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        var companyId = await server.Client.CreateCompanyIdAsync();
        var trace = (await server.Client.GetAsync($"/companies/{companyId}")).Header(CorrelationMiddleware.HeaderName)!;

        Assert.True(server.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000), "The traces were not flushed within 10 s.");
        Assert.True(server.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000), "The metrics were not flushed within 10 s.");

        var received = collector.Received(own);
        Assert.Contains(received, body => signal == "TRACES"
            ? body.AsSpan().IndexOf(Convert.FromHexString(trace)) >= 0
            : body.AsSpan().IndexOf("http.server.request.duration"u8) >= 0);
        Assert.Empty(collector.Received(other));
    }

    /// <summary>An OTLP/HTTP receiver: Kestrel on a free loopback port, keeping each protobuf export's body by path.</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

        private OtlpReceiver(int port)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            _app = builder.Build();
            _app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                if (context.Request.ContentType != "application/x-protobuf")
                {
                    return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
                }

                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body, context.RequestAborted);
                _received.Enqueue((context.Request.Path, body.ToArray()));
                return Results.Ok();
            });
        }

        public string Url => _app.Urls.First();

        public static async Task<OtlpReceiver> StartAsync(int port = 0)
        {
            var receiver = new OtlpReceiver(port);
            await receiver._app.StartAsync();
            return receiver;
        }

        public List<byte[]> Received(string path) => [.. _received.Where(r => r.Path == path).Select(r => r.Body)];

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
