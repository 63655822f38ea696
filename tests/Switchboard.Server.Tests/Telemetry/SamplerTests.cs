using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Switchboard.Server.Errors;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>
/// The trace sampler. With no <c>OTEL_TRACES_SAMPLER</c>, Switchboard's: a caller's decision in its <c>traceparent</c>
/// is followed, new traces are recorded up to <c>Switchboard:Telemetry:TracesPerSecond</c> (100 by default), and a
/// request that answers an error is recorded whatever the sampler decided (not a 429), up to as many a second again, so
/// the <c>correlationId</c> of an error a user reports finds its request. With the standard variables, exactly the standard sampler they name.
/// Whether a span was left out is read after a later recorded one has been exported: the in-memory exporter takes
/// spans as they end, in order.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class SamplerTests
{
    [Fact]
    public async Task ByDefault_NewTracesAreRecorded_WhileUnderTheBudget()
    {
        await using var traced = await TracedServer.StartAsync();
        await traced.LetTheBudgetRefillAsync();
        var traces = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            traces.Add(await traced.GetAsync("/integrations", HttpStatusCode.OK));
        }

        foreach (var trace in traces)
        {
            await traced.WaitForServerSpanAsync(trace);
        }
    }

    [Fact]
    public async Task TheBudget_BoundsHowManyNewTracesASecondAreRecorded()
    {
        await using var traced = await TracedServer.StartAsync(new() { ["Switchboard:Telemetry:TracesPerSecond"] = "20" });
        await traced.LetTheBudgetRefillAsync();
        var clock = Stopwatch.StartNew();
        var fresh = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            fresh.Add(await traced.GetAsync("/integrations", HttpStatusCode.OK));
        }

        var elapsed = clock.Elapsed;
        await traced.WaitForServerSpanAsync(await traced.SendWithTraceparentAsync(sampled: true));

        var recorded = traced.ServerSpans().Count(s => fresh.Contains(s.TraceId.ToHexString()));
        // At least one (the bucket was full), at most the bucket and what refilled while the requests ran.
        Assert.InRange(recorded, 1, 20 + (int)Math.Ceiling(20 * elapsed.TotalSeconds));
        Assert.True(recorded < fresh.Count, $"All {fresh.Count} new traces were recorded in {elapsed.TotalSeconds:0.0} s with a budget of 20 a second.");
    }

    [Fact]
    public async Task ARequestLeftOutThatAnswersAnError_IsRecordedStill_WithItsAttributes_UpToItsOwnBudget_ButNotA429()
    {
        // A caller's unsampled traceparent: left out whatever the budget of new traces holds.
        await using var traced = await TracedServer.StartAsync(new()
        {
            ["Switchboard:Telemetry:TracesPerSecond"] = "3",
            ["Switchboard:RateLimits:Enabled"] = "true",
            ["Switchboard:RateLimits:UnauthenticatedBurst"] = "1",
            ["Switchboard:RateLimits:UnauthenticatedPermitsPerSecond"] = "0.01",
        });
        var fine = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            fine.Add(await traced.SendWithTraceparentAsync(sampled: false));
        }

        // Without an API key: a 401, then the unauthenticated bucket is empty and the rest are refused, with tokens of
        // the errors' budget (3) left for them.
        var unauthorized = await traced.SendWithTraceparentAsync(sampled: false, authenticated: false, expected: HttpStatusCode.Unauthorized);
        var refused = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            refused.Add(await traced.SendWithTraceparentAsync(sampled: false, authenticated: false, expected: HttpStatusCode.TooManyRequests));
        }

        await traced.WaitForServerSpanAsync(unauthorized);
        await traced.LetTheBudgetRefillAsync();
        var missing = Guid.NewGuid();
        var clock = Stopwatch.StartNew();
        var notFound = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            notFound.Add(await traced.SendWithTraceparentAsync(sampled: false, $"/companies/{missing}", expected: HttpStatusCode.NotFound));
        }

        var elapsed = clock.Elapsed;
        var span = await traced.WaitForServerSpanAsync(notFound[0]);
        // Recorded as a sampled request's span is: its name, route, status and what ASP.NET Core adds when it starts.
        Assert.True(span.Recorded);
        Assert.Equal("GET /companies/{companyId}", span.DisplayName);
        Assert.Equal("/companies/{companyId}", span.GetTagItem("http.route"));
        Assert.Equal(404, span.GetTagItem("http.response.status_code"));
        Assert.Equal("GET", span.GetTagItem("http.request.method"));
        Assert.Equal($"/companies/{missing}", span.GetTagItem("url.path"));
        Assert.Equal("1.1", span.GetTagItem("network.protocol.version"));
        await traced.WaitForServerSpanAsync(await traced.SendWithTraceparentAsync(sampled: true));
        var spans = traced.ServerSpans();
        Assert.DoesNotContain(spans, s => fine.Contains(s.TraceId.ToHexString()) || refused.Contains(s.TraceId.ToHexString()));
        Assert.InRange(spans.Count(s => notFound.Contains(s.TraceId.ToHexString())), 3, 3 + (int)Math.Ceiling(3 * elapsed.TotalSeconds));
    }

    [Fact]
    public async Task ByDefault_CallersDecisionIsFollowed_SampledRecorded_UnsampledOnlyWhenItAnswersAnError()
    {
        await using var traced = await TracedServer.StartAsync();
        var sampled = new List<string>();
        var unsampled = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            sampled.Add(await traced.SendWithTraceparentAsync(sampled: true));
            unsampled.Add(await traced.SendWithTraceparentAsync(sampled: false));
        }

        var failed = await traced.SendWithTraceparentAsync(sampled: false, "/companies/not-a-guid", expected: HttpStatusCode.BadRequest);
        await traced.WaitForServerSpanAsync(failed);
        foreach (var trace in sampled)
        {
            await traced.WaitForServerSpanAsync(trace);
        }

        Assert.DoesNotContain(traced.ServerSpans(), s => unsampled.Contains(s.TraceId.ToHexString()));
    }

    [Fact]
    public async Task StandardVariables_ChooseTheSampler_ParentBasedRatioOfZeroRecordsOnlyCallersSampledTraces_ErrorsNeither()
    {
        await using var traced = await TracedServer.StartAsync(new()
        {
            ["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio",
            ["OTEL_TRACES_SAMPLER_ARG"] = "0",
        });
        var fresh = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            fresh.Add(await traced.GetAsync("/integrations", HttpStatusCode.OK));
        }

        fresh.Add(await traced.GetAsync($"/companies/{Guid.NewGuid()}", HttpStatusCode.NotFound));

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
            var configuration = new Dictionary<string, string?>
            {
                ["Switchboard:Telemetry:Enabled"] = "true",
                ["Switchboard:RateLimits:Enabled"] = "false",
            };
            foreach (var (name, value) in settings ?? [])
            {
                configuration[name] = value;
            }

            traced.Server = await SwitchboardTestServer.StartAsync(
                configuration,
                configure: builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(traced._spans)));
            return traced;
        }

        /// <summary>GETs <paramref name="path"/> as the bootstrap tenant and checks the status; the request's trace id.</summary>
        public async Task<string> GetAsync(string path, HttpStatusCode expected)
        {
            using var response = await Server.Client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(expected, response.StatusCode);
            return response.Header(CorrelationMiddleware.HeaderName)!;
        }

        public async Task<string> SendWithTraceparentAsync(
            bool sampled, string path = "/integrations", bool authenticated = true, HttpStatusCode expected = HttpStatusCode.OK)
        {
            var traceId = ActivityTraceId.CreateRandom().ToHexString();
            using var response = await Traceparent.GetAsync(Server, path, traceId, sampled, authenticated);
            Assert.Equal(expected, response.StatusCode);
            Assert.Equal(traceId, response.Header(CorrelationMiddleware.HeaderName));
            return traceId;
        }

        /// <summary>
        /// Waits out what the server's start took from the budgets (on PostgreSQL Npgsql traces each of its start-up
        /// statements, each a new trace), so they are full again.
        /// </summary>
        public Task LetTheBudgetRefillAsync() => Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);

        public async Task<Activity> WaitForServerSpanAsync(string traceId)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                if (ServerSpans().FirstOrDefault(s => s.TraceId.ToHexString() == traceId) is { } span)
                {
                    return span;
                }

                Assert.True(DateTime.UtcNow < deadline, $"No server span of trace {traceId} exported within 10 s.");
                await Task.Delay(20);
            }
        }

        // The exporter appends from the thread that ends a span; ToArray copies without enumerating, so it never throws.
        public List<Activity> ServerSpans() => [.. _spans.ToArray().Where(s => s.Kind == ActivityKind.Server)];

        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
