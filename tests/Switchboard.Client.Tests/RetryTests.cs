using System.Net;
using Switchboard.Client.Models;
using Switchboard.Client.Operations;
using Switchboard.Client.Tests.Infrastructure;

namespace Switchboard.Client.Tests;

public class RetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static GetConnectionRequest GetRequest => new() { CompanyId = TestClient.CompanyId, ConnectionId = TestClient.ConnectionId };

    private static CreateConnectionRequest CreateRequest =>
        new() { CompanyId = TestClient.CompanyId, RequestBody = new CreateConnectionRequestBody { PlatformKey = "gbol" } };

    [Fact]
    public async Task Get_ThreeServerErrorsThenOk_SendsExactlyFourRequests()
    {
        using var t = new TestClient();
        t.Handler.RespondTimes(3, HttpStatusCode.InternalServerError, Payloads.Error(500, "boom")).Respond(HttpStatusCode.OK, Payloads.Connection);

        var call = t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct);
        await t.AdvanceThroughTimersAsync(call, 3);
        var response = await t.FinishAsync(call);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(TestClient.ConnectionId, response.Connection.Id);
        Assert.Equal(4, t.Requests.Count);
        Assert.False(t.Time.HasPendingTimer);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(599)]
    public async Task Get_RetryableStatus_IsRetried(int status)
    {
        using var t = new TestClient();
        t.Handler.Respond((HttpStatusCode)status, Payloads.Error(status, "try again")).Respond(HttpStatusCode.OK, Payloads.Connection);

        var call = t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct);
        await t.AdvanceThroughTimersAsync(call, 1);
        var response = await t.FinishAsync(call);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, t.Requests.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(413)]
    [InlineData(422)]
    public async Task Get_OtherClientError_IsNotRetried(int status)
    {
        using var t = new TestClient();
        t.Handler.Respond((HttpStatusCode)status, Payloads.Error(status, "no"));

        var error = await Assert.ThrowsAsync<SwitchboardApiException>(() => t.FinishAsync(t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct)));

        Assert.Equal(status, error.StatusCode);
        Assert.Single(t.Requests);
        Assert.False(t.Time.HasPendingTimer);
    }

    [Fact]
    public async Task Post_OtherClientError_IsNotRetried()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.UnprocessableEntity, Payloads.Error(422, "Idempotency key reused with a different body."));

        var error = await Assert.ThrowsAsync<SwitchboardApiException>(() => t.FinishAsync(t.Client.Connections.CreateAsync(CreateRequest, cancellationToken: Ct)));

        Assert.Equal(422, error.StatusCode);
        Assert.Single(t.Requests);
    }

    [Fact]
    public async Task Get_PersistentServerError_GivesUpAtMaxElapsedTime_AndThrowsTheLastError()
    {
        // Waits of exactly 4 s then 8 s: the second would end at 12 s, past the 10 s budget.
        using var t = new TestClient(o => o.RetryConfig = new RetryConfig
        {
            Backoff = new BackoffStrategy
            {
                InitialInterval = TimeSpan.FromSeconds(4),
                Exponent = 2,
                Jitter = 0,
                MaxElapsedTime = TimeSpan.FromSeconds(10),
            },
        });
        t.Handler.RespondTimes(2, HttpStatusCode.ServiceUnavailable, Payloads.Error(503, "down"));

        var call = t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct);
        var waits = await t.AdvanceThroughTimersAsync(call, 1);
        var error = await Assert.ThrowsAsync<SwitchboardApiException>(() => t.FinishAsync(call));

        Assert.Equal([TimeSpan.FromSeconds(4)], waits);
        Assert.Equal(503, error.StatusCode);
        Assert.Equal(2, t.Requests.Count);
        Assert.False(t.Time.HasPendingTimer);
    }

    [Fact]
    public async Task Get_BackoffDelays_GrowByTheExponentWithinTheJitter_AndStopAtTheMaxInterval()
    {
        var backoff = new BackoffStrategy { MaxInterval = TimeSpan.FromSeconds(3) };
        using var t = new TestClient(o => o.RetryConfig = new RetryConfig { Backoff = backoff });
        const int failures = 9;
        t.Handler.RespondTimes(failures, HttpStatusCode.InternalServerError, Payloads.Error(500, "boom")).Respond(HttpStatusCode.OK, Payloads.Connection);

        var call = t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct);
        var waits = await t.AdvanceThroughTimersAsync(call, failures);
        await t.FinishAsync(call);

        for (var n = 0; n < failures; n++)
        {
            // Nominal: 500 ms × 1.5^n, at most 3 s; each wait within ±20 % of it, never above 3 s.
            var nominal = Math.Min(500 * Math.Pow(1.5, n), 3000);
            var wait = waits[n].TotalMilliseconds;
            Assert.InRange(wait, (nominal * 0.8) - 0.001, Math.Min(nominal * 1.2, 3000) + 0.001);
        }

        // The clock moved by exactly the waits between consecutive tries.
        var requests = t.Requests;
        for (var n = 0; n < failures; n++)
        {
            Assert.Equal(waits[n], requests[n + 1].SentAt - requests[n].SentAt);
        }
    }

    [Theory]
    [InlineData(0, 0.0, 400)]
    [InlineData(0, 0.5, 500)]
    [InlineData(0, 0.999999, 599.9998)]
    [InlineData(1, 0.5, 750)]
    [InlineData(2, 0.5, 1125)]
    [InlineData(3, 0.0, 1350)]
    [InlineData(20, 0.5, 60000)]
    [InlineData(20, 0.0, 48000)]
    [InlineData(20, 0.999999, 60000)]
    [InlineData(5000, 0.5, 60000)]
    public void BackoffDelay_IsInitialTimesExponentToTheRetry_JitteredAndCapped(int retry, double random, double expectedMs)
    {
        var delay = Internal.SwitchboardPipeline.BackoffDelay(new BackoffStrategy(), retry, random);

        Assert.Equal(expectedMs, delay.TotalMilliseconds, 3);
    }

    [Fact]
    public async Task Get_RetryAfterSeconds_SetsTheWait()
    {
        using var t = new TestClient();
        t.Handler
            .Respond(HttpStatusCode.TooManyRequests, Payloads.Error(429, "slow down"), r => r.Headers.Add("Retry-After", "7"))
            .Respond(HttpStatusCode.OK, Payloads.Connection);

        var call = t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct);
        var waits = await t.AdvanceThroughTimersAsync(call, 1);
        await t.FinishAsync(call);

        Assert.Equal([TimeSpan.FromSeconds(7)], waits);
    }

    [Fact]
    public async Task Get_RetryAfterDate_SetsTheWait()
    {
        using var t = new TestClient();
        var at = t.Time.GetUtcNow().AddSeconds(20);
        t.Handler
            .Respond(HttpStatusCode.ServiceUnavailable, Payloads.Error(503, "later"), r => r.Headers.RetryAfter = new(at))
            .Respond(HttpStatusCode.OK, Payloads.Connection);

        var call = t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct);
        var waits = await t.AdvanceThroughTimersAsync(call, 1);
        await t.FinishAsync(call);

        Assert.Equal([TimeSpan.FromSeconds(20)], waits);
    }

    [Fact]
    public async Task Get_RetryAfterBeyondTheMaxInterval_IsCapped()
    {
        using var t = new TestClient();
        t.Handler
            .Respond(HttpStatusCode.TooManyRequests, Payloads.Error(429, "slow down"), r => r.Headers.Add("Retry-After", "3600"))
            .Respond(HttpStatusCode.OK, Payloads.Connection);

        var call = t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct);
        var waits = await t.AdvanceThroughTimersAsync(call, 1);
        await t.FinishAsync(call);

        Assert.Equal([TimeSpan.FromSeconds(60)], waits);
    }

    [Fact]
    public async Task Post_RetriesCarryTheSameIdempotencyKey()
    {
        using var t = new TestClient();
        t.Handler.RespondTimes(2, HttpStatusCode.ServiceUnavailable, Payloads.Error(503, "down")).Respond(HttpStatusCode.OK, Payloads.Connection);

        var call = t.Client.Connections.CreateAsync(CreateRequest, cancellationToken: Ct);
        await t.AdvanceThroughTimersAsync(call, 2);
        await t.FinishAsync(call);

        var keys = t.Requests.Select(r => r.Header("Idempotency-Key")).ToList();
        Assert.Equal(3, keys.Count);
        Assert.True(Guid.TryParse(keys[0], out _));
        Assert.All(keys, key => Assert.Equal(keys[0], key));
    }

    [Fact]
    public async Task Post_EachCallGetsItsOwnIdempotencyKey()
    {
        using var t = new TestClient();
        t.Handler.RespondTimes(2, HttpStatusCode.OK, Payloads.Connection);

        await t.Client.Connections.CreateAsync(CreateRequest, cancellationToken: Ct);
        await t.Client.Connections.CreateAsync(CreateRequest, cancellationToken: Ct);

        Assert.NotEqual(t.Requests[0].Header("Idempotency-Key"), t.Requests[1].Header("Idempotency-Key"));
    }

    [Fact]
    public async Task Post_WithoutIdempotencyKey_IsNotRetried()
    {
        using var t = new TestClient(o => o.SendIdempotencyKeys = false);
        t.Handler.Respond(HttpStatusCode.ServiceUnavailable, Payloads.Error(503, "down"));

        var error = await Assert.ThrowsAsync<SwitchboardApiException>(() => t.FinishAsync(t.Client.Connections.CreateAsync(CreateRequest, cancellationToken: Ct)));

        Assert.Equal(503, error.StatusCode);
        var request = Assert.Single(t.Requests);
        Assert.Null(request.Header("Idempotency-Key"));
        Assert.False(t.Time.HasPendingTimer);
    }

    [Fact]
    public async Task Post_ConnectionErrorWithoutIdempotencyKey_IsNotRetried()
    {
        using var t = new TestClient(o => o.SendIdempotencyKeys = false);
        t.Handler.Throw(new HttpRequestException("connection reset"));

        await Assert.ThrowsAsync<HttpRequestException>(() => t.FinishAsync(t.Client.Companies.CreateAsync(new CompanyRequestBody { Name = "Acme" }, cancellationToken: Ct)));

        Assert.Single(t.Requests);
    }

    [Fact]
    public async Task Post_KeyPassedByTheCaller_IsSentAndMakesItRetryable()
    {
        using var t = new TestClient(o => o.SendIdempotencyKeys = false);
        t.Handler.Respond(HttpStatusCode.InternalServerError, Payloads.Error(500, "boom")).Respond(HttpStatusCode.OK, Payloads.Connection);
        var options = new RequestOptions { IdempotencyKey = "my-key-1" };

        var call = t.Client.Connections.CreateAsync(CreateRequest, options: options, cancellationToken: Ct);
        await t.AdvanceThroughTimersAsync(call, 1);
        await t.FinishAsync(call);

        Assert.Equal(["my-key-1", "my-key-1"], t.Requests.Select(r => r.Header("Idempotency-Key")));
    }

    [Fact]
    public async Task Post_KeyPassedAsAHeader_IsUsedOnEveryTry()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.InternalServerError, Payloads.Error(500, "boom")).Respond(HttpStatusCode.OK, Payloads.Connection);
        var options = new RequestOptions { Headers = { ["Idempotency-Key"] = "from-header" } };

        var call = t.Client.Connections.CreateAsync(CreateRequest, options: options, cancellationToken: Ct);
        await t.AdvanceThroughTimersAsync(call, 1);
        await t.FinishAsync(call);

        Assert.Equal(["from-header", "from-header"], t.Requests.Select(r => r.Header("Idempotency-Key")));
    }

    [Fact]
    public async Task Patch_IsRetriedWithTheSameIdempotencyKey()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.BadGateway, Payloads.Error(502, "bad gateway")).Respond(HttpStatusCode.OK, Payloads.Connection);

        var call = t.Client.Connections.UnlinkAsync(
            new UnlinkConnectionRequest { CompanyId = TestClient.CompanyId, ConnectionId = TestClient.ConnectionId }, cancellationToken: Ct);
        await t.AdvanceThroughTimersAsync(call, 1);
        await t.FinishAsync(call);

        Assert.Equal(2, t.Requests.Count);
        Assert.NotNull(t.Requests[0].Header("Idempotency-Key"));
        Assert.Equal(t.Requests[0].Header("Idempotency-Key"), t.Requests[1].Header("Idempotency-Key"));
    }

    [Fact]
    public async Task PutAndDelete_AreRetriedWithoutAnIdempotencyKey()
    {
        using var t = new TestClient(o => o.SendIdempotencyKeys = false);
        t.Handler
            .Respond(HttpStatusCode.InternalServerError, Payloads.Error(500, "boom")).Respond(HttpStatusCode.OK, Payloads.Connection)
            .Respond(HttpStatusCode.InternalServerError, Payloads.Error(500, "boom")).Respond(HttpStatusCode.OK);

        var put = t.Client.Connections.UpdateAuthorizationAsync(
            new UpdateConnectionAuthorizationRequest { CompanyId = TestClient.CompanyId, ConnectionId = TestClient.ConnectionId }, cancellationToken: Ct);
        await t.AdvanceThroughTimersAsync(put, 1);
        await t.FinishAsync(put);
        var delete = t.Client.Connections.DeleteAsync(
            new DeleteConnectionRequest { CompanyId = TestClient.CompanyId, ConnectionId = TestClient.ConnectionId }, cancellationToken: Ct);
        await t.AdvanceThroughTimersAsync(delete, 1);
        await t.FinishAsync(delete);

        Assert.Equal(["PUT", "PUT", "DELETE", "DELETE"], t.Requests.Select(r => r.Method.Method));
        Assert.All(t.Requests, r => Assert.Null(r.Header("Idempotency-Key")));
    }

    [Fact]
    public async Task GetPutDelete_NeverCarryAnIdempotencyKey()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, Payloads.Connection).Respond(HttpStatusCode.OK, Payloads.Connection).Respond(HttpStatusCode.OK);

        await t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct);
        await t.Client.Connections.UpdateAuthorizationAsync(
            new UpdateConnectionAuthorizationRequest { CompanyId = TestClient.CompanyId, ConnectionId = TestClient.ConnectionId }, cancellationToken: Ct);
        await t.Client.Connections.DeleteAsync(
            new DeleteConnectionRequest { CompanyId = TestClient.CompanyId, ConnectionId = TestClient.ConnectionId }, cancellationToken: Ct);

        Assert.All(t.Requests, r => Assert.Null(r.Header("Idempotency-Key")));
    }

    [Fact]
    public async Task StrategyNone_MakesExactlyOneTry()
    {
        using var t = new TestClient(o => o.RetryConfig = RetryConfig.None);
        t.Handler.Respond(HttpStatusCode.InternalServerError, Payloads.Error(500, "boom"));

        var error = await Assert.ThrowsAsync<SwitchboardApiException>(() => t.FinishAsync(t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct)));

        Assert.Equal(500, error.StatusCode);
        Assert.Single(t.Requests);
    }

    [Fact]
    public async Task PerCallRetries_ReplaceTheClientDefault()
    {
        using var t = new TestClient(o => o.RetryConfig = RetryConfig.None);
        t.Handler.Respond(HttpStatusCode.InternalServerError, Payloads.Error(500, "boom")).Respond(HttpStatusCode.OK, Payloads.Connection);

        var call = t.Client.Connections.GetAsync(GetRequest, retries: RetryConfig.Default, cancellationToken: Ct);
        await t.AdvanceThroughTimersAsync(call, 1);
        var response = await t.FinishAsync(call);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, t.Requests.Count);
    }

    [Fact]
    public async Task ConnectionError_IsRetried_WhenRetryConnectionErrorsIsOn()
    {
        using var t = new TestClient();
        t.Handler.Throw(new HttpRequestException("connection refused")).Respond(HttpStatusCode.OK, Payloads.Connection);

        var call = t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct);
        await t.AdvanceThroughTimersAsync(call, 1);
        var response = await t.FinishAsync(call);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, t.Requests.Count);
    }

    [Fact]
    public async Task ConnectionError_IsThrown_WhenRetryConnectionErrorsIsOff()
    {
        using var t = new TestClient(o => o.RetryConfig = RetryConfig.Default with { RetryConnectionErrors = false });
        t.Handler.Throw(new HttpRequestException("connection refused"));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => t.FinishAsync(t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct)));

        Assert.Equal("connection refused", error.Message);
        Assert.Single(t.Requests);
        Assert.False(t.Time.HasPendingTimer);
    }

    [Fact]
    public async Task ConnectionError_ThatPersists_IsThrownOnceTheTimeIsUp()
    {
        using var t = new TestClient(o => o.RetryConfig = new RetryConfig
        {
            Backoff = new BackoffStrategy { InitialInterval = TimeSpan.FromSeconds(1), Exponent = 1, Jitter = 0, MaxElapsedTime = TimeSpan.FromSeconds(3) },
        });
        for (var i = 0; i < 4; i++)
        {
            t.Handler.Throw(new HttpRequestException($"refused {i}"));
        }

        var call = t.Client.Connections.GetAsync(GetRequest, cancellationToken: Ct);
        await t.AdvanceThroughTimersAsync(call, 3);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => t.FinishAsync(call));

        Assert.Equal("refused 3", error.Message);
        Assert.Equal(4, t.Requests.Count);
    }
}
