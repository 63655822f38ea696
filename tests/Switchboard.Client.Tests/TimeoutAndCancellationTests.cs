using System.Net;
using Switchboard.Client.Operations;
using Switchboard.Client.Tests.Infrastructure;

namespace Switchboard.Client.Tests;

public class TimeoutAndCancellationTests
{
    private static GetConnectionRequest GetRequest => new() { CompanyId = TestClient.CompanyId, ConnectionId = TestClient.ConnectionId };

    [Fact]
    public async Task CallerCancellation_DuringABackoffWait_StopsAtOnce()
    {
        using var t = new TestClient();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        t.Handler.Respond(HttpStatusCode.ServiceUnavailable, Payloads.Error(503, "down"));
        var before = t.Time.GetUtcNow();

        var call = t.Client.Connections.GetAsync(GetRequest, cancellationToken: cts.Token);
        var wait = await t.NextTimerAsync(call);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => t.FinishAsync(call));
        Assert.True(wait > TimeSpan.Zero);
        Assert.Equal(before, t.Time.GetUtcNow());
        Assert.Single(t.Requests);
    }

    [Fact]
    public async Task CallerCancellation_DuringARequest_IsACancellationNotATimeout()
    {
        using var t = new TestClient(o => o.Timeout = TimeSpan.FromSeconds(30));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        t.Handler.Hang();

        var call = t.Client.Connections.GetAsync(GetRequest, cancellationToken: cts.Token);
        await t.NextTimerAsync(call);
        cts.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => t.FinishAsync(call));
        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Single(t.Requests);
    }

    [Fact]
    public async Task AlreadyCancelledToken_SendsNothing()
    {
        using var t = new TestClient();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => t.Client.Connections.GetAsync(GetRequest, cancellationToken: new CancellationToken(canceled: true)));

        Assert.Empty(t.Requests);
    }

    [Fact]
    public async Task Timeout_WithoutRetries_ThrowsTimeoutException()
    {
        using var t = new TestClient(o =>
        {
            o.Timeout = TimeSpan.FromSeconds(5);
            o.RetryConfig = RetryConfig.None;
        });
        t.Handler.Hang();

        var call = t.Client.Connections.GetAsync(GetRequest, cancellationToken: TestContext.Current.CancellationToken);
        var limit = await t.NextTimerAsync(call);
        t.Time.Advance(limit);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => t.FinishAsync(call));
        Assert.Equal(TimeSpan.FromSeconds(5), limit);
        Assert.Contains($"GET /companies/{TestClient.CompanyId}/connections/{TestClient.ConnectionId}", error.Message, StringComparison.Ordinal);
        Assert.Contains("5 s", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
    }

    [Fact]
    public async Task Timeout_IsRetriedLikeAConnectionError()
    {
        using var t = new TestClient(o => o.Timeout = TimeSpan.FromSeconds(5));
        t.Handler.Hang().Respond(HttpStatusCode.OK, Payloads.Connection);

        var call = t.Client.Connections.GetAsync(GetRequest, cancellationToken: TestContext.Current.CancellationToken);
        var limit = await t.NextTimerAsync(call);
        t.Time.Advance(limit);
        var backoff = await t.NextTimerAsync(call);
        t.Time.Advance(backoff);
        var response = await call;

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, t.Requests.Count);
    }

    [Fact]
    public async Task Timeout_IsNotRetried_WhenRetryConnectionErrorsIsOff()
    {
        using var t = new TestClient(o =>
        {
            o.Timeout = TimeSpan.FromSeconds(5);
            o.RetryConfig = RetryConfig.Default with { RetryConnectionErrors = false };
        });
        t.Handler.Hang();

        var call = t.Client.Connections.GetAsync(GetRequest, cancellationToken: TestContext.Current.CancellationToken);
        t.Time.Advance(await t.NextTimerAsync(call));

        await Assert.ThrowsAsync<TimeoutException>(() => t.FinishAsync(call));
        Assert.Single(t.Requests);
    }

    [Fact]
    public async Task PerCallTimeout_ReplacesTheClientDefault()
    {
        using var t = new TestClient(o =>
        {
            o.Timeout = TimeSpan.FromSeconds(100);
            o.RetryConfig = RetryConfig.None;
        });
        t.Handler.Hang();

        var call = t.Client.Connections.GetAsync(
            GetRequest, options: new RequestOptions { Timeout = TimeSpan.FromSeconds(2) }, cancellationToken: TestContext.Current.CancellationToken);
        var limit = await t.NextTimerAsync(call);
        t.Time.Advance(limit);

        await Assert.ThrowsAsync<TimeoutException>(() => t.FinishAsync(call));
        Assert.Equal(TimeSpan.FromSeconds(2), limit);
    }

    [Fact]
    public async Task ResponseWithinTheTimeout_Succeeds()
    {
        using var t = new TestClient(o => o.Timeout = TimeSpan.FromSeconds(5));
        t.Handler.Respond(async (_, ct) =>
        {
            await Task.Yield();
            return FakeHttpHandler.Response(HttpStatusCode.OK, Payloads.Connection);
        });

        var response = await t.Client.Connections.GetAsync(GetRequest, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public void NonPositiveTimeout_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TestClient(o => o.Timeout = TimeSpan.Zero));
    }
}
