using System.Globalization;
using Switchboard.Client.Models;
using Switchboard.Client.Tests.Contract.Host;

namespace Switchboard.Client.Tests.Contract;

/// <summary>
/// The SDK against a server with a tiny rate limit (a bucket of 3 requests, refilled at one every 2 s): a 429 surfaces as
/// an exception when retries are off, and with retries the client waits as <c>Retry-After</c> says and gets through.
/// Each test has a server of its own, so its bucket starts full.
/// </summary>
[Trait("Category", "Contract")]
public sealed class RateLimitContractTests : IAsyncLifetime
{
    private const int Burst = 3;
    private ContractServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await ContractServer.StartAsync(new Dictionary<string, string?>
    {
        ["Switchboard:RateLimits:Burst"] = Burst.ToString(CultureInfo.InvariantCulture),
        ["Switchboard:RateLimits:PermitsPerSecond"] = "0.5",
    });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ExhaustedRateLimit_WithoutRetries_Is429WithRetryAfterAndTheRateLimitHeaders()
    {
        var sdk = _server.Client;

        var first = await sdk.Integrations.GetAsync(new() { PlatformKey = "gbol" }, cancellationToken: Ct);
        var error = await DrainAsync(sdk);

        Assert.Equal(Burst.ToString(CultureInfo.InvariantCulture), Header(first.RawResponse!, "X-Rate-Limit-Limit"));
        Assert.Equal((Burst - 1).ToString(CultureInfo.InvariantCulture), Header(first.RawResponse!, "X-Rate-Limit-Remaining"));
        var retryAfter = error.RawResponse!.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.Equal(TimeSpan.FromSeconds(2), retryAfter);
        ApiErrorAssert.Matches(error, 429,
            $"Rate limit exceeded: at most {Burst} requests at once, refilled over time. Retry after {retryAfter.Value.TotalSeconds:0} s.");
        ApiErrorAssert.NoValidation(error);
        Assert.Equal(Burst.ToString(CultureInfo.InvariantCulture), Header(error.RawResponse, "X-Rate-Limit-Limit"));
        Assert.Equal("0", Header(error.RawResponse, "X-Rate-Limit-Remaining"));
    }

    [Fact]
    public async Task ExhaustedRateLimit_WithRetries_WaitsAsRetryAfterSays_AndThenSucceeds()
    {
        var handler = new RecordingHandler();
        // Retry-After (1-2 s) is capped by MaxInterval, so each wait is 400 ms; without Retry-After the waits would start at 10 ms.
        var maxInterval = TimeSpan.FromMilliseconds(400);
        var retries = new RetryConfig
        {
            Backoff = new BackoffStrategy
            {
                InitialInterval = TimeSpan.FromMilliseconds(10),
                MaxInterval = maxInterval,
                Exponent = 1.5,
                Jitter = 0,
                MaxElapsedTime = TimeSpan.FromSeconds(30),
            },
            RetryConnectionErrors = false,
        };
        var sdk = _server.CreateClient(retries: retries, handler: handler);

        // A GET: always eligible for retries.
        await DrainAsync(sdk);
        var before = handler.Exchanges.Count;
        var got = await sdk.Integrations.GetAsync(new() { PlatformKey = "gbol" }, cancellationToken: Ct);

        Assert.Equal(200, got.StatusCode);
        Assert.Equal("Xero", got.Integration.Name);
        AssertRetriedUntilSuccess(handler.Exchanges.Skip(before).ToList(), maxInterval);

        // A POST: retried too, because the client gives it an Idempotency-Key, the same on every try; it acts once.
        await DrainAsync(sdk);
        before = handler.Exchanges.Count;
        var created = await sdk.Companies.CreateAsync(new CompanyRequestBody { Name = "Patient" }, cancellationToken: Ct);

        Assert.Equal(200, created.StatusCode);
        Assert.Equal("Patient", created.Company.Name);
        var tries = handler.Exchanges.Skip(before).ToList();
        AssertRetriedUntilSuccess(tries, maxInterval);
        Assert.All(tries, e => Assert.Equal(HttpMethod.Post, e.Method));
        Assert.Single(tries.Select(e => e.IdempotencyKey).Distinct());
        Assert.True(Guid.TryParse(tries[0].IdempotencyKey, out _));
        var companies = await sdk.Companies.ListAsync(new(), cancellationToken: Ct);
        Assert.Equal([created.Company.Id], companies.Companies.Results.Select(c => c.Id));
    }

    /// <summary>
    /// Spends the bucket with calls that are not retried, until the server refuses one with at least a second to go
    /// before its next token (<c>Retry-After: 2</c>), so that the call right after it is refused too; returns that refusal.
    /// A refusal with less to go is waited out (bounded polling: the bucket holds <see cref="Burst"/> and refills one
    /// token every 2 s), so a slow machine cannot make the next call succeed at its first try.
    /// </summary>
    private static async Task<SwitchboardApiException> DrainAsync(SwitchboardClient sdk)
    {
        for (var i = 0; i < Burst + 10; i++)
        {
            try
            {
                await sdk.Integrations.GetAsync(new() { PlatformKey = "gbol" }, retries: RetryConfig.None, cancellationToken: Ct);
            }
            catch (SwitchboardApiException e) when (e.StatusCode == 429)
            {
                var retryAfter = e.RawResponse?.Headers.RetryAfter?.Delta ?? TimeSpan.Zero;
                if (retryAfter >= TimeSpan.FromSeconds(2))
                {
                    return e;
                }

                await Task.Delay(retryAfter, Ct);
            }
        }

        Assert.Fail($"The server never answered 429 with Retry-After: 2 to {Burst + 10} requests; is its rate limit of {Burst} a second applied?");
        return null!;
    }

    private static void AssertRetriedUntilSuccess(IReadOnlyList<Exchange> tries, TimeSpan maxInterval)
    {
        Assert.True(tries.Count >= 2, $"Expected at least one 429 before the success; got {string.Join(", ", tries.Select(e => e.StatusCode))}.");
        Assert.All(tries.SkipLast(1), e =>
        {
            Assert.Equal(429, e.StatusCode);
            Assert.NotNull(e.RetryAfter);
            Assert.InRange(e.RetryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        });
        Assert.Equal(200, tries[^1].StatusCode);
        for (var i = 1; i < tries.Count; i++)
        {
            var gap = tries[i].SentAt - tries[i - 1].SentAt;
            // The wait was Retry-After capped by MaxInterval (allowing for timer resolution), never the 10 ms backoff.
            Assert.True(gap >= maxInterval - TimeSpan.FromMilliseconds(50), $"Try {i + 1} came {gap.TotalMilliseconds:0} ms after the previous one.");
        }
    }

    private static string Header(HttpResponseMessage response, string name) => Assert.Single(response.Headers.GetValues(name));
}
