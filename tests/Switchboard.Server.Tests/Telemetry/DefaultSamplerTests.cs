using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Switchboard.Server.Errors;
using Switchboard.Server.Telemetry;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>
/// With no <c>OTEL_TRACES_SAMPLER</c>, what a user gets by setting the OTLP endpoint: a share of new traces recorded
/// (<see cref="TelemetryExtensions.DefaultTraceSampleRatio"/>), parent-based, so a caller's own decision in its
/// <c>traceparent</c> is followed either way.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class DefaultSamplerTests : IAsyncLifetime
{
    private readonly List<Activity> _spans = [];
    private SwitchboardTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SwitchboardTestServer.StartAsync(
        new Dictionary<string, string?> { ["Switchboard:Telemetry:Enabled"] = "true", ["Switchboard:RateLimits:Enabled"] = "false" },
        configure: builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans)));

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task NewTraces_AreRecordedInTheDefaultShare()
    {
        const int requests = 300;
        var traces = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < requests; i++)
        {
            traces.Add((await _server.Client.GetAsync("/integrations")).Header(CorrelationMiddleware.HeaderName)!);
        }

        // One more request with a sampled traceparent: once it is exported, every earlier recorded span has been too.
        var marker = await SendWithTraceparentAsync(sampled: true);
        await WaitForServerSpanAsync(marker);
        var recorded = Server(_spans).Count(s => traces.Contains(s.TraceId.ToHexString()));

        // 300 draws at 10 %: 30 expected; outside 5..75 is far less likely than one in a billion.
        Assert.Equal(0.1, TelemetryExtensions.DefaultTraceSampleRatio);
        Assert.InRange(recorded, 5, 75);
    }

    [Fact]
    public async Task CallersDecision_IsFollowed_SampledAlwaysRecorded_UnsampledNever()
    {
        var sampled = new List<string>();
        var unsampled = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            sampled.Add(await SendWithTraceparentAsync(sampled: true));
            unsampled.Add(await SendWithTraceparentAsync(sampled: false));
        }

        foreach (var trace in sampled)
        {
            await WaitForServerSpanAsync(trace);
        }

        Assert.DoesNotContain(Server(_spans), s => unsampled.Contains(s.TraceId.ToHexString()));
    }

    private async Task<string> SendWithTraceparentAsync(bool sampled)
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/integrations");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-{(sampled ? "01" : "00")}");
        // A client that sends the header as given: HttpClient would otherwise replace it with its own span's (the SDK listens in this process).
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = _server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = _server.Client.DefaultRequestHeaders.Authorization;
        var response = await client.SendAsync(request);
        Assert.Equal(traceId, response.Header(CorrelationMiddleware.HeaderName));
        return traceId;
    }

    private async Task WaitForServerSpanAsync(string traceId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Server(_spans).Any(s => s.TraceId.ToHexString() == traceId))
        {
            Assert.True(DateTime.UtcNow < deadline, $"No server span of trace {traceId} exported within 10 s.");
            await Task.Delay(20);
        }
    }

    // The exporter appends from the thread that ends a span; ToArray copies without enumerating, so it never throws.
    private static List<Activity> Server(List<Activity> spans) => [.. spans.ToArray().Where(s => s.Kind == ActivityKind.Server)];
}
