using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Switchboard.Server.Errors;
using Switchboard.Server.Idempotency;
using Switchboard.Server.Telemetry;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>
/// Traces and metrics through the OpenTelemetry SDK, captured by its in-memory exporter: the server span of a request
/// (and its database spans), the Switchboard meter's instruments with their tags, and the correlation id that is the
/// request's trace id. Each test has its own server with telemetry enabled and no OTLP endpoint, on the default sampler
/// (every new trace recorded); the sampler has tests of its own.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private SwitchboardTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SwitchboardTestServer.StartAsync(
        new Dictionary<string, string?>
        {
            ["Switchboard:Telemetry:Enabled"] = "true",
            ["Switchboard:RateLimits:UnauthenticatedBurst"] = "2",
            ["Switchboard:RateLimits:UnauthenticatedPermitsPerSecond"] = "0.01",
        },
        configure: builder => builder.Services
            .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans))
            .ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metrics)));

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Request_IsTracedAsAServerSpanWithItsRoute_AndItsCorrelationIdIsTheTraceId()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();

        var response = await _server.Client.GetAsync($"/companies/{companyId}");

        var correlationId = response.Header(CorrelationMiddleware.HeaderName);
        var span = await WaitForAsync(() => Snapshot(_spans).FirstOrDefault(s => s.Kind == ActivityKind.Server && s.TraceId.ToHexString() == correlationId));
        Assert.Equal("/companies/{companyId}", span.GetTagItem("http.route"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal("GET /companies/{companyId}", span.DisplayName);
    }

    [Fact]
    public async Task IncomingTraceparent_IsContinued_AndItsTraceIdIsTheErrorsCorrelationId()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/companies/not-a-guid");
        request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");

        // A client that sends the header as given: HttpClient would otherwise replace it with its own span's (the SDK listens in this process).
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = _server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = _server.Client.DefaultRequestHeaders.Authorization;
        var response = await client.SendAsync(request);

        var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(traceId, error["correlationId"].Str());
        Assert.Equal(traceId, response.Header(CorrelationMiddleware.HeaderName));
        var span = await WaitForAsync(() => Snapshot(_spans).FirstOrDefault(s => s.Kind == ActivityKind.Server && s.TraceId.ToHexString() == traceId));
        Assert.Equal("00f067aa0ba902b7", span.ParentSpanId.ToHexString());
    }

    [Fact]
    public async Task Secrets_AppearInNoSpan()
    {
        var secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var (companyId, connectionId) = await _server.Client.CreateLinkedConnectionAsync();
        var authorized = await _server.Client.AuthorizeAsync(companyId, connectionId, new Dictionary<string, string> { ["accessToken"] = secret, ["refreshToken"] = secret });
        var trace = authorized.Header(CorrelationMiddleware.HeaderName);
        await _server.Client.GetAsync($"/companies/{companyId}/connections/{connectionId}");

        await WaitForAsync(() => Snapshot(_spans).FirstOrDefault(s => s.Kind == ActivityKind.Server && s.TraceId.ToHexString() == trace));
        var spans = Snapshot(_spans);
        Assert.All(spans, span =>
        {
            Assert.DoesNotContain(secret, span.DisplayName, StringComparison.Ordinal);
            Assert.All(span.TagObjects, tag => Assert.DoesNotContain(secret, Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, StringComparison.Ordinal));
            Assert.All(span.Events, e => Assert.All(e.Tags, tag => Assert.DoesNotContain(secret, Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, StringComparison.Ordinal)));
        });
    }

    [Fact]
    public async Task HealthProbes_AreNotTraced()
    {
        using var anonymous = _server.CreateClient(apiKey: null);
        var probe = await anonymous.GetAsync("/health/ready");
        var probeTrace = probe.Header(CorrelationMiddleware.HeaderName);
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var after = await _server.Client.GetAsync($"/companies/{companyId}");
        var afterTrace = after.Header(CorrelationMiddleware.HeaderName);

        // Spans end in order here: once the later request's span is exported, the probe's would have been too.
        await WaitForAsync(() => Snapshot(_spans).FirstOrDefault(s => s.TraceId.ToHexString() == afterTrace));
        Assert.DoesNotContain(Snapshot(_spans), s => s.Kind == ActivityKind.Server && s.TraceId.ToHexString() == probeTrace);
    }

    [Fact]
    public async Task Requests_AreCountedByRouteAndStatus_WithTheirOperation_AndProbesAreNot()
    {
        using var anonymous = _server.CreateClient(apiKey: null);
        await anonymous.GetAsync("/health/live");
        var companyId = await _server.Client.CreateCompanyIdAsync();
        await _server.Client.GetAsync($"/companies/{companyId}");
        await _server.Client.GetAsync("/companies/8a210b68-6988-11ed-a1eb-0242ac120002");

        // ASP.NET Core's request duration counts requests; Switchboard adds the operation id to it.
        var points = await CollectAsync("http.server.request.duration", p => Tag(p, CorrelationMiddleware.OperationTag) == "get-company" && Tag(p, "http.response.status_code") == "404");

        Assert.Contains(points, p => Tag(p, CorrelationMiddleware.OperationTag) == "get-company" && Tag(p, "http.route") == "/companies/{companyId}"
            && Tag(p, "http.response.status_code") == "200" && p.GetHistogramCount() == 1);
        Assert.Contains(points, p => Tag(p, CorrelationMiddleware.OperationTag) == "create-company" && Tag(p, "http.response.status_code") == "200");
        Assert.DoesNotContain(points, p => Tag(p, "http.route") is { } route && route.StartsWith("/health", StringComparison.Ordinal));

        // Per-request measurements the request duration already answers are not collected (each costs CPU on every request).
        List<string> exported;
        lock (_metrics)
        {
            exported = [.. _metrics.Select(m => m.Name)];
        }

        Assert.Contains("http.server.request.duration", exported);
        Assert.DoesNotContain("http.server.active_requests", exported);
        Assert.DoesNotContain("aspnetcore.routing.match_attempts", exported);
    }

    [Fact]
    public async Task Connections_AreGaugedByStatus()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        await _server.Client.CreateConnectionAsync(companyId);
        await _server.Client.CreateConnectionAsync(companyId);
        await _server.Client.CreateLinkedConnectionAsync(companyId);

        // The first read starts a count in the background; a later one reports it.
        var points = await CollectAsync("switchboard.connections", p => Tag(p, "status") == "Linked");

        Assert.Contains(points, p => Tag(p, "status") == "PendingAuth" && p.GetGaugeLastValueLong() == 2);
        Assert.Contains(points, p => Tag(p, "status") == "Linked" && p.GetGaugeLastValueLong() == 1);
    }

    [Fact]
    public async Task IdempotencyReplays_And_RateLimitRefusals_AreCounted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/companies") { Content = Api.Json("""{"name":"Replayed"}""") };
        var key = Guid.NewGuid().ToString();
        request.Headers.Add(IdempotencyMiddleware.HeaderName, key);
        await _server.Client.SendAsync(request);
        using var repeat = new HttpRequestMessage(HttpMethod.Post, "/companies") { Content = Api.Json("""{"name":"Replayed"}""") };
        repeat.Headers.Add(IdempotencyMiddleware.HeaderName, key);
        Assert.Equal("true", (await _server.Client.SendAsync(repeat)).Header(IdempotencyMiddleware.ReplayedHeaderName));
        using var anonymous = _server.CreateClient(apiKey: null);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await anonymous.GetAsync("/integrations")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);

        var replays = await CollectAsync("switchboard.idempotency.replays", p => p.GetSumLong() >= 1);
        var refusals = await CollectAsync("switchboard.rate_limit.refusals", p => Tag(p, "bucket") == "client_address");

        Assert.Equal(1, replays.Sum(p => p.GetSumLong()));
        Assert.Equal(1, refusals.Single(p => Tag(p, "bucket") == "client_address").GetSumLong());
    }

    [Fact]
    public async Task TokenRefreshAndWebhookInstruments_RecordWithTheirTags()
    {
        var metrics = _server.Services.GetRequiredService<SwitchboardMetrics>();

        metrics.TokenRefreshed("gbol", succeeded: true);
        metrics.TokenRefreshed("gbol", succeeded: false);
        metrics.WebhookDelivered("delivered", TimeSpan.FromMilliseconds(20));

        var refreshes = await CollectAsync("switchboard.token.refreshes", p => Tag(p, "outcome") == "failed");
        var deliveries = await CollectAsync("switchboard.webhook.deliveries", p => Tag(p, "outcome") == "delivered");
        var durations = await CollectAsync("switchboard.webhook.delivery.duration", p => Tag(p, "outcome") == "delivered");
        Assert.Contains(refreshes, p => Tag(p, "platform") == "gbol" && Tag(p, "outcome") == "succeeded" && p.GetSumLong() == 1);
        Assert.Equal(1, deliveries.Single().GetSumLong());
        Assert.Equal(1, durations.Single().GetHistogramCount());
        Assert.Equal(0.02, durations.Single().GetHistogramSum(), 3);
    }

    private static List<T> Snapshot<T>(List<T> items)
    {
        // The exporter appends from the thread that ends a span; ToArray copies without enumerating, so it never throws.
        return [.. items.ToArray()];
    }

    private static string? Tag(MetricPoint point, string name)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == name)
            {
                return Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> find)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (find() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "Not exported within 10 s.");
            await Task.Delay(20);
        }
    }

    /// <summary>Flushes the meter provider until the instrument has a point matching <paramref name="until"/>; its points then.</summary>
    private async Task<List<MetricPoint>> CollectAsync(string instrument, Func<MetricPoint, bool> until)
    {
        var provider = _server.Services.GetRequiredService<MeterProvider>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            List<MetricPoint> points;
            string names;
            lock (_metrics)
            {
                _metrics.Clear();
            }

            provider.ForceFlush();
            lock (_metrics)
            {
                points = [];
                names = string.Join(", ", _metrics.Select(m => m.Name));
                foreach (var metric in _metrics.Where(m => m.Name == instrument))
                {
                    foreach (ref readonly var point in metric.GetMetricPoints())
                    {
                        points.Add(point);
                    }
                }
            }

            if (points.Any(until))
            {
                return points;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{instrument}: no matching point within 10 s; got {points.Count} point(s); instruments exported: {names}.");
            await Task.Delay(50);
        }
    }
}
