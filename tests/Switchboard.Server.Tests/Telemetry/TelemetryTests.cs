using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Switchboard.Server.Errors;
using Switchboard.Server.Idempotency;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Server.Tests.OAuth;
using Switchboard.Server.Tests.Webhooks;
using Xunit;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>
/// Traces and metrics through the OpenTelemetry SDK, captured by its in-memory exporter: the server span of a request
/// and its database spans, the HttpClient spans of webhook deliveries and token refreshes, the Switchboard meter's
/// instruments with their tags as the real features record them (the delivery worker against real receivers, the
/// refresher against the real OAuth provider), and the correlation id that is the request's trace id. Each test has its
/// own server with telemetry enabled and no OTLP endpoint, on Switchboard's sampler with a budget no test reaches (every
/// new trace recorded, the start-up's statements on PostgreSQL included); the sampler has tests of its own.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private SwitchboardTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SwitchboardTestServer.StartAsync(
        Tests.Webhooks.Webhooks.QuickRetries(
            ("Switchboard:Telemetry:Enabled", "true"),
            ("Switchboard:Telemetry:TracesPerSecond", "1000000"),
            ("Switchboard:Telemetry:SqliteStatementSpans", "true"),
            ("Switchboard:RateLimits:UnauthenticatedBurst", "2"),
            ("Switchboard:RateLimits:UnauthenticatedPermitsPerSecond", "0.01")),
        configure: CaptureTelemetry);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Request_IsTracedAsAServerSpanWithItsRoute_AndItsCorrelationIdIsTheTraceId()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/companies/{companyId}?unused=secret-looking-value");
        request.Headers.UserAgent.ParseAdd("switchboard-tests/1.0");
        var response = await _server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        var correlationId = response.Header(CorrelationMiddleware.HeaderName);
        var span = await WaitForAsync(() => Snapshot(_spans).FirstOrDefault(s => s.Kind == ActivityKind.Server && s.TraceId.ToHexString() == correlationId));
        Assert.Equal("/companies/{companyId}", span.GetTagItem("http.route"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal("GET /companies/{companyId}", span.DisplayName);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        // What ASP.NET Core adds itself when the request starts, and what Switchboard adds.
        Assert.Equal("GET", span.GetTagItem("http.request.method"));
        Assert.Equal($"/companies/{companyId}", span.GetTagItem("url.path"));
        Assert.Equal("http", span.GetTagItem("url.scheme"));
        Assert.Equal(_server.Client.BaseAddress!.Port, span.GetTagItem("server.port"));
        Assert.Equal("1.1", span.GetTagItem("network.protocol.version"));
        Assert.Equal("switchboard-tests/1.0", span.GetTagItem("user_agent.original"));
        // The query string is never recorded: the OAuth callback's carries an authorization code.
        Assert.Null(span.GetTagItem("url.query"));
        Assert.DoesNotContain(span.TagObjects, tag => tag.Value is string text && text.Contains("secret-looking-value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerError_MarksTheRequestSpanAsFailed_WithTheExceptionType()
    {
        // A real failure inside the request: the database refuses the insert.
        await using (var db = await _server.CreateDbContextAsync())
        {
            foreach (var statement in TestBackend.IsPostgres
                ? ["CREATE FUNCTION fail_company_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$",
                   "CREATE TRIGGER fail_company_insert BEFORE INSERT ON companies FOR EACH ROW EXECUTE FUNCTION fail_company_insert()"]
                : new[] { "CREATE TRIGGER fail_company_insert BEFORE INSERT ON companies BEGIN SELECT RAISE(ABORT, 'injected failure'); END" })
            {
                await db.Database.ExecuteSqlRawAsync(statement, TestContext.Current.CancellationToken);
            }
        }

        var response = await _server.Client.PostAsync("/companies", Api.Json("""{"name":"Refused"}"""), TestContext.Current.CancellationToken);

        await response.ReadErrorAsync(HttpStatusCode.InternalServerError);
        var correlationId = response.Header(CorrelationMiddleware.HeaderName);
        var span = await WaitForAsync(() => Snapshot(_spans).FirstOrDefault(s => s.Kind == ActivityKind.Server && s.TraceId.ToHexString() == correlationId));
        Assert.Equal(500, span.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        // A list or create's route is its path as the document writes it, without a trailing slash.
        Assert.Equal("/companies", span.GetTagItem("http.route"));
        Assert.Equal("POST /companies", span.DisplayName);
        Assert.Contains("Exception", Assert.IsType<string>(span.GetTagItem("error.type")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncomingTraceparent_IsContinued_AndItsTraceIdIsTheErrorsCorrelationId()
    {
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        var response = await Traceparent.GetAsync(_server, "/companies/not-a-guid", traceId);

        var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(traceId, error["correlationId"].Str());
        Assert.Equal(traceId, response.Header(CorrelationMiddleware.HeaderName));
        var span = await WaitForAsync(() => Snapshot(_spans).FirstOrDefault(s => s.Kind == ActivityKind.Server && s.TraceId.ToHexString() == traceId));
        Assert.Equal(Traceparent.ParentSpanId, span.ParentSpanId.ToHexString());
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
        Assert.Contains(points, p => Tag(p, CorrelationMiddleware.OperationTag) == "create-company" && Tag(p, "http.route") == "/companies"
            && Tag(p, "http.response.status_code") == "200");
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
        // A status no connection has reads 0 (the GROUP BY has no row for it), so one that drops to 0 does not go stale.
        Assert.Contains(points, p => Tag(p, "status") == "Unlinked" && p.GetGaugeLastValueLong() == 0);
        Assert.Contains(points, p => Tag(p, "status") == "Deauthorized" && p.GetGaugeLastValueLong() == 0);
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
    public async Task WebhookAttempts_AreCountedByOutcome_WithTheirLatency_AndTracedAsHttpClientSpans()
    {
        await using var failing = await WebhookReceiver.StartAsync();
        await using var receiving = await WebhookReceiver.StartAsync();
        failing.AnswerNext(500, 500, 500);
        await _server.Client.CreateConsumerAsync(failing.Url, ["company.created"]);
        await _server.Client.CreateConsumerAsync(receiving.Url, ["company.created"]);

        await _server.Client.CreateCompanyIdAsync();

        // The failing consumer's three attempts (quick retries: 0, 0.2 s, 0.2 s): two to be retried, the last given up.
        var attempts = await CollectAsync("switchboard.webhook.deliveries", p => Tag(p, "outcome") == "gave_up");
        var durations = await CollectAsync("switchboard.webhook.delivery.duration", p => Tag(p, "outcome") == "gave_up");
        var expected = new Dictionary<string, long> { ["delivered"] = 1, ["retrying"] = 2, ["gave_up"] = 1 };
        Assert.Equal(expected, attempts.ToDictionary(p => Tag(p, "outcome")!, p => p.GetSumLong()));
        Assert.Equal(expected, durations.ToDictionary(p => Tag(p, "outcome")!, p => (long)p.GetHistogramCount()));
        Assert.All(durations, p => Assert.True(p.GetHistogramSum() > 0));
        var failed = ClientSpans(failing.Url);
        Assert.Equal(3, failed.Count);
        Assert.All(failed, s => Assert.Equal(500, s.GetTagItem("http.response.status_code")));
        var delivered = Assert.Single(ClientSpans(receiving.Url));
        Assert.Equal(200, delivered.GetTagItem("http.response.status_code"));
        Assert.Equal("POST", delivered.GetTagItem("http.request.method"));
        Assert.Equal("127.0.0.1", delivered.GetTagItem("server.address"));
    }

    [Fact]
    public async Task TokenRefreshes_AreCountedByPlatformAndOutcome_AndTracedAsHttpClientSpans()
    {
        await using var bed = await OAuthTestBed.StartAsync(
            new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromSeconds(3) },
            new Dictionary<string, string?>
            {
                ["Switchboard:Telemetry:Enabled"] = "true",
                ["Switchboard:Tokens:RefreshBefore"] = "00:00:02",
                ["Switchboard:Tokens:PollInterval"] = "00:00:00.200",
            },
            configure: CaptureTelemetry);
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(linkUrl)).Status);
        await OAuthTestBed.WaitUntilAsync(() => bed.Provider.TotalRefreshes >= 1, "a refresh happened");

        // The platform no longer accepts the grant: the next refresh fails, and the connection is Deauthorized.
        await bed.Provider.RevokeEverythingAsync();
        await bed.WaitForConnectionAsync(company, connection, c => c["status"].Str() == "Deauthorized");

        var refreshes = await CollectAsync("switchboard.token.refreshes", p => Tag(p, "outcome") == "failed", bed.Server);
        Assert.All(refreshes, p => Assert.Equal(OAuthTestBed.PlatformKey, Tag(p, "platform")));
        Assert.True(refreshes.Single(p => Tag(p, "outcome") == "succeeded").GetSumLong() >= 1);
        Assert.Equal(1, refreshes.Single(p => Tag(p, "outcome") == "failed").GetSumLong());
        var tokenCalls = ClientSpans(new Uri(bed.Provider.BaseAddress, "connect/token").AbsoluteUri);
        Assert.All(tokenCalls, s => Assert.Equal("POST", s.GetTagItem("http.request.method")));
        Assert.Contains(tokenCalls, s => s.GetTagItem("http.response.status_code") is 200);
        Assert.Contains(tokenCalls, s => s.GetTagItem("http.response.status_code") is 400 && s.Status == ActivityStatusCode.Error);
    }

    [Fact]
    public async Task GetConnection_HasADatabaseSpanUnderItsRequest()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var connectionId = (await _server.Client.CreateConnectionAsync(companyId)).Id();

        var response = await _server.Client.GetAsync($"/companies/{companyId}/connections/{connectionId}");

        var trace = response.Header(CorrelationMiddleware.HeaderName);
        var request = await WaitForAsync(() => Snapshot(_spans).FirstOrDefault(s => s.Kind == ActivityKind.Server && s.TraceId.ToHexString() == trace));
        var statements = Snapshot(_spans).Where(s => s.Kind == ActivityKind.Client && s.ParentSpanId == request.SpanId).ToList();
        // On SQLite the read is a hand-written statement (Switchboard's own span); on PostgreSQL Npgsql traces it.
        var system = TestBackend.IsPostgres ? "postgresql" : "sqlite";
        var select = statements.FirstOrDefault(s => DatabaseSystem(s) == system
            && (TestBackend.IsPostgres ? Query(s).Contains("FROM connections", StringComparison.OrdinalIgnoreCase) : (string?)s.GetTagItem("db.collection.name") == "connections"));
        Assert.True(select is not null, "No database span reads the connection; the request's client spans: "
            + string.Join("; ", statements.Select(s => $"{s.DisplayName} {string.Join(", ", s.Tags.Select(t => $"{t.Key}={t.Value}"))}")));
        if (!TestBackend.IsPostgres)
        {
            Assert.Equal("SELECT", select.GetTagItem("db.operation.name"));
            Assert.Equal("SELECT connections", select.GetTagItem("db.query.summary"));
            Assert.Equal("SELECT connections", select.DisplayName);
        }
    }

    /// <summary>A read through EF Core (GET company) is traced by the EF Core instrumentation, on either database.</summary>
    [Fact]
    public async Task GetCompany_HasAnEfCoreSpanUnderItsRequest()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();

        var response = await _server.Client.GetAsync($"/companies/{companyId}");

        response.EnsureSuccessStatusCode();
        var trace = response.Header(CorrelationMiddleware.HeaderName);
        var request = await WaitForAsync(() => Snapshot(_spans).FirstOrDefault(s => s.Kind == ActivityKind.Server && s.TraceId.ToHexString() == trace));
        var efCore = Snapshot(_spans).Where(s => s.Source.Name == "OpenTelemetry.Instrumentation.EntityFrameworkCore" && s.ParentSpanId == request.SpanId).ToList();
        Assert.True(efCore.Count > 0, "No EF Core span under the request; the spans under it: "
            + string.Join("; ", Snapshot(_spans).Where(s => s.ParentSpanId == request.SpanId).Select(s => $"{s.Source.Name} {s.DisplayName}")));
        Assert.Contains(efCore, s => DatabaseSystem(s) == (TestBackend.IsPostgres ? "postgresql" : "sqlite")
            && Query(s).Contains("companies", StringComparison.OrdinalIgnoreCase));
    }

    private static string? DatabaseSystem(Activity span) => (span.GetTagItem("db.system.name") ?? span.GetTagItem("db.system")) as string;

    private static string Query(Activity span) => (span.GetTagItem("db.query.text") ?? span.GetTagItem("db.statement")) as string ?? string.Empty;

    private void CaptureTelemetry(WebApplicationBuilder builder) => builder.Services
        .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans))
        .ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(_metrics));

    /// <summary>The HttpClient spans of requests to <paramref name="url"/>, in the order they ended.</summary>
    private List<Activity> ClientSpans(string url) =>
        [.. Snapshot(_spans).Where(s => s.Kind == ActivityKind.Client && s.GetTagItem("url.full") as string == url)];

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
    private async Task<List<MetricPoint>> CollectAsync(string instrument, Func<MetricPoint, bool> until, SwitchboardTestServer? server = null)
    {
        var provider = (server ?? _server).Services.GetRequiredService<MeterProvider>();
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
