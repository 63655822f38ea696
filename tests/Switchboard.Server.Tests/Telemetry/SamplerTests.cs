using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Switchboard.Server.Errors;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>
/// The trace sampler: with no <c>OTEL_TRACES_SAMPLER</c>, what a user gets by setting the OTLP endpoint is the
/// standard default, every new trace recorded and a caller's decision in its <c>traceparent</c> followed either way
/// (so the <c>correlationId</c> of any error finds its trace); the standard variables choose another share.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class SamplerTests
{
    [Fact]
    public async Task ByDefault_EveryNewTraceIsRecorded()
    {
        await using var traced = await TracedServer.StartAsync();
        var traces = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            traces.Add((await traced.Server.Client.GetAsync("/integrations")).Header(CorrelationMiddleware.HeaderName)!);
        }

        foreach (var trace in traces)
        {
            await traced.WaitForServerSpanAsync(trace);
        }
    }

    [Fact]
    public async Task ByDefault_CallersDecisionIsFollowed_SampledRecorded_UnsampledNever()
    {
        await using var traced = await TracedServer.StartAsync();
        var sampled = new List<string>();
        var unsampled = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            sampled.Add(await traced.SendWithTraceparentAsync(sampled: true));
            unsampled.Add(await traced.SendWithTraceparentAsync(sampled: false));
        }

        foreach (var trace in sampled)
        {
            await traced.WaitForServerSpanAsync(trace);
        }

        Assert.DoesNotContain(traced.ServerSpans(), s => unsampled.Contains(s.TraceId.ToHexString()));
    }

    [Fact]
    public async Task StandardVariables_ChooseTheShare_ParentBasedRatioOfZeroRecordsOnlyCallersSampledTraces()
    {
        await using var traced = await TracedServer.StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio",
            ["OTEL_TRACES_SAMPLER_ARG"] = "0",
        });
        var fresh = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            fresh.Add((await traced.Server.Client.GetAsync("/integrations")).Header(CorrelationMiddleware.HeaderName)!);
        }

        // A sampled caller's trace is recorded: once it is exported, every earlier recorded span has been too.
        await traced.WaitForServerSpanAsync(await traced.SendWithTraceparentAsync(sampled: true));
        Assert.DoesNotContain(traced.ServerSpans(), s => fresh.Contains(s.TraceId.ToHexString()));
    }

    private sealed class TracedServer : IAsyncDisposable
    {
        private readonly List<Activity> _spans = [];

        public SwitchboardTestServer Server { get; private set; } = null!;

        public static async Task<TracedServer> StartAsync(Dictionary<string, string?>? settings = null)
        {
            var traced = new TracedServer();
            var configuration = new Dictionary<string, string?>(settings ?? [])
            {
                ["Switchboard:Telemetry:Enabled"] = "true",
                ["Switchboard:RateLimits:Enabled"] = "false",
            };
            traced.Server = await SwitchboardTestServer.StartAsync(
                configuration,
                configure: builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(traced._spans)));
            return traced;
        }

        public async Task<string> SendWithTraceparentAsync(bool sampled)
        {
            var traceId = ActivityTraceId.CreateRandom().ToHexString();
            var response = await Traceparent.GetAsync(Server, "/integrations", traceId, sampled);
            Assert.Equal(traceId, response.Header(CorrelationMiddleware.HeaderName));
            return traceId;
        }

        public async Task WaitForServerSpanAsync(string traceId)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!ServerSpans().Any(s => s.TraceId.ToHexString() == traceId))
            {
                Assert.True(DateTime.UtcNow < deadline, $"No server span of trace {traceId} exported within 10 s.");
                await Task.Delay(20);
            }
        }

        // The exporter appends from the thread that ends a span; ToArray copies without enumerating, so it never throws.
        public List<Activity> ServerSpans() => [.. _spans.ToArray().Where(s => s.Kind == ActivityKind.Server)];

        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
