using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Health;
using Switchboard.Server.Idempotency;
using Switchboard.Server.OAuth;
using Switchboard.Server.Webhooks;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Health;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c>: no API key, not rate limited, not logged per request at Information;
/// ready fails (503) when a migration is missing or a background worker is silent. Each test has its own server.
/// </summary>
public sealed class HealthTests : IAsyncLifetime
{
    private SwitchboardTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?>
    {
        // A tiny bucket for requests without a key: probes must not be counted against it.
        ["Switchboard:RateLimits:UnauthenticatedBurst"] = "2",
        ["Switchboard:RateLimits:UnauthenticatedPermitsPerSecond"] = "0.01",
        // An API key's failed look-up is logged at Debug ("Unknown API key").
        ["Logging:LogLevel:Switchboard.Server.Auth.ApiKeyAuthenticationHandler"] = "Debug",
    });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Live_And_Ready_Answer200WithoutAnApiKey_WithTheChecksNamed()
    {
        using var anonymous = _server.CreateClient(apiKey: null);

        var live = await anonymous.GetObjectAsync(HealthEndpoints.LivePath);
        var ready = await anonymous.GetObjectAsync(HealthEndpoints.ReadyPath);

        Assert.Equal("Healthy", live["status"].Str());
        Assert.Equal("Healthy", ready["status"].Str());
        Assert.Equal("Healthy", ready["checks"]!["database"]!["status"].Str());
        Assert.Equal("Healthy", ready["checks"]!["workers"]!["status"].Str());
        Assert.Equal("alive", ready["checks"]!["workers"]!["data"]!["idempotency-cleanup"].Str());
    }

    [Fact]
    public async Task Probes_AreNotRateLimited_NorLoggedAtInformation()
    {
        using var anonymous = _server.CreateClient(apiKey: null);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(HealthEndpoints.LivePath)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(HealthEndpoints.ReadyPath)).StatusCode);
        }

        // The same client is limited elsewhere: the bucket is real, probes just do not draw from it.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await anonymous.GetAsync("/companies")).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.DoesNotContain(_server.Logs.Lines, l => l.StartsWith("Information", StringComparison.Ordinal) && l.Contains("/health/", StringComparison.Ordinal));
        // Other requests' failures are logged at Information, so the absence above is the probes' own.
        Assert.Contains(_server.Logs.Lines, l => l.StartsWith("Information", StringComparison.Ordinal) && l.Contains("/companies answered 429", StringComparison.Ordinal));
    }

    /// <summary>A key sent with a probe is not looked up (probes are not rate limited, so made-up keys would be free database reads).</summary>
    [Fact]
    public async Task A_Key_Sent_With_A_Probe_Is_Not_Looked_Up()
    {
        using var madeUp = _server.CreateClient("made-up-key-" + Guid.NewGuid().ToString("N"));

        Assert.Equal(HttpStatusCode.OK, (await madeUp.GetAsync(HealthEndpoints.LivePath)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await madeUp.GetAsync(HealthEndpoints.ReadyPath)).StatusCode);
        Assert.DoesNotContain(_server.Logs.Lines, l => l.Contains("Unknown API key", StringComparison.Ordinal));

        // The same key on an API route is looked up, and the lookup's failure is logged, so the absence above is the probes'.
        Assert.Equal(HttpStatusCode.Unauthorized, (await madeUp.GetAsync("/companies")).StatusCode);
        Assert.Contains(_server.Logs.Lines, l => l.Contains("Unknown API key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Probes_Answer_Get_And_Head_And_Refuse_Other_Methods_With_405()
    {
        using var anonymous = _server.CreateClient(apiKey: null);
        foreach (var path in new[] { HealthEndpoints.LivePath, HealthEndpoints.ReadyPath })
        {
            using var head = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        }

        // Not a probe, so counted against the anonymous bucket like any other request (it holds 2 here).
        foreach (var (method, path) in new[] { (HttpMethod.Post, HealthEndpoints.LivePath), (HttpMethod.Delete, HealthEndpoints.ReadyPath) })
        {
            using var refused = await anonymous.SendAsync(new HttpRequestMessage(method, path));
            var error = await refused.ReadErrorAsync(HttpStatusCode.MethodNotAllowed);
            Assert.Equal(405, (int)error["statusCode"]!);
        }
    }

    /// <summary>The newest migration missing, or one below it (a gap, which start-up applies too: a branch merged late).</summary>
    [Theory]
    [InlineData("(SELECT MAX(version) FROM schema_migrations)")]
    [InlineData("(SELECT MIN(version) FROM schema_migrations)")]
    public async Task Ready_Answers503_WhenAMigrationIsNotApplied_AndLiveStays200(string missing)
    {
        await using (var db = await _server.CreateDbContextAsync())
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"DELETE FROM schema_migrations WHERE version = {missing}";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        using var anonymous = _server.CreateClient(apiKey: null);
        var ready = await anonymous.GetAsync(HealthEndpoints.ReadyPath);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.ReadObjectAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", body["checks"]!["database"]!["status"].Str());
        Assert.Contains("1 schema migration(s) not applied", body["checks"]!["database"]!["description"].Str(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(HealthEndpoints.LivePath)).StatusCode);
    }

    [Fact]
    public async Task Ready_Answers503_WhileARegisteredWorkerIsSilentOrStopped_And200OnceItBeats()
    {
        var heartbeats = _server.Services.GetRequiredService<WorkerHeartbeats>();
        using var anonymous = _server.CreateClient(apiKey: null);
        heartbeats.Register("test-worker", TimeSpan.FromMilliseconds(1));

        // Silent for longer than 1 ms: poll until the check sees it, with a deadline.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpResponseMessage ready;
        do
        {
            ready = await anonymous.GetAsync(HealthEndpoints.ReadyPath);
        }
        while (ready.StatusCode == HttpStatusCode.OK && DateTime.UtcNow < deadline);

        var body = await ready.ReadObjectAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("test-worker", body["checks"]!["workers"]!["description"].Str(), StringComparison.Ordinal);

        var again = heartbeats.Register("test-worker", TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(HealthEndpoints.ReadyPath)).StatusCode);

        again.Stopped("the test stopped it");
        var stopped = await (await anonymous.GetAsync(HealthEndpoints.ReadyPath)).ReadObjectAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("stopped: the test stopped it", stopped["checks"]!["workers"]!["data"]!["test-worker"].Str());
    }

    [Fact]
    public void EveryBackgroundWorker_IsKnownToReadiness_OnceTheHostBuildsIt_BeforeItRuns()
    {
        // The host builds its workers before the server listens but runs them afterwards, on the thread pool: a worker
        // that registered only when it ran was missing from the first probes' answers (and a worker that never ran was
        // never missed). Built here and never started, each must already be registered and alive.
        var heartbeats = new WorkerHeartbeats(TimeProvider.System);
        _ = ActivatorUtilities.CreateInstance<IdempotencyCleanup>(_server.Services, heartbeats);
        _ = ActivatorUtilities.CreateInstance<TokenRefresher>(_server.Services, heartbeats);
        _ = ActivatorUtilities.CreateInstance<WebhookDispatcher>(_server.Services, heartbeats);

        Assert.Equal(
            [("idempotency-cleanup", true), ("token-refresher", true), ("webhook-delivery", true)],
            heartbeats.Check().Select(w => (w.Name, w.Alive)));
    }
}
