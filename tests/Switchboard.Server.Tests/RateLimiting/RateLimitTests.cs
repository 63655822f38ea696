using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.RateLimiting;

/// <summary>
/// Token buckets per API key, and per client address for requests without a valid key: every response says where
/// the caller stands; an empty bucket is a 429 ErrorMessage with Retry-After; one tenant cannot starve another.
/// </summary>
public sealed class RateLimitTests
{
    private const string Limit = "X-Rate-Limit-Limit";
    private const string Remaining = "X-Rate-Limit-Remaining";
    private const string Reset = "X-Rate-Limit-Reset";

    /// <summary>Buckets that refill so slowly that nothing refills during a test.</summary>
    private static Dictionary<string, string?> Limits(int burst, int unauthenticatedBurst) => new()
    {
        ["Switchboard:RateLimits:Burst"] = burst.ToString(CultureInfo.InvariantCulture),
        ["Switchboard:RateLimits:PermitsPerSecond"] = "0.001",
        ["Switchboard:RateLimits:UnauthenticatedBurst"] = unauthenticatedBurst.ToString(CultureInfo.InvariantCulture),
        ["Switchboard:RateLimits:UnauthenticatedPermitsPerSecond"] = "0.001",
    };

    /// <summary>Method, path, body, whether the request carries a valid key, and the status it gets.</summary>
    private static readonly (string Method, string Path, string? Body, bool Authenticated, int Expected)[] Responses =
    [
        ("GET", "/companies", null, true, 200),
        ("POST", "/companies", """{"name":"Rated"}""", true, 200),
        ("POST", "/companies", """{"name":""}""", true, 400),
        ("GET", "/companies?page=0", null, true, 400),
        ("GET", "/companies/8a210b68-6988-11ed-a1eb-0242ac120002", null, true, 404),
        ("GET", "/no/such/route", null, true, 404),
        ("DELETE", "/integrations", null, true, 405),
        ("GET", "/companies", null, false, 401),
        ("GET", "/no/such/route", null, false, 404),
    ];

    [Fact]
    public async Task EveryResponse_CarriesTheRateLimitHeaders()
    {
        await using var server = await SwitchboardTestServer.StartAsync(Limits(burst: 1000, unauthenticatedBurst: 50));
        var unauthenticatedSent = 0;
        foreach (var (method, path, body, authenticated, expected) in Responses)
        {
            // A fresh key (a full bucket) for each authenticated request; the anonymous ones share their address's bucket.
            var client = authenticated ? (await server.NewTenantAsync()).Client : server.CreateClient("wrong_key_" + Guid.NewGuid().ToString("N"));
            var remaining = authenticated ? 999 : 50 - ++unauthenticatedSent;

            var response = await client.RequestAsync(method, path, body);

            var described = $"{method} {path} ({(authenticated ? "valid key" : "wrong key")})";
            Assert.True(expected == (int)response.StatusCode, $"{described} answered {(int)response.StatusCode}.");
            Assert.True(response.Header(Limit) == (authenticated ? "1000" : "50"), $"{described}: {Limit} is '{response.Header(Limit)}'.");
            Assert.True(response.Header(Remaining) == remaining.ToString(CultureInfo.InvariantCulture), $"{described}: {Remaining} is '{response.Header(Remaining)}', not {remaining}.");
            Assert.True(int.TryParse(response.Header(Reset), NumberStyles.None, CultureInfo.InvariantCulture, out var reset) && reset >= 1,
                $"{described}: {Reset} should be the whole seconds until the bucket is full again, got '{response.Header(Reset)}'.");
        }
    }

    [Fact]
    public async Task RemainingCountsDown_WithEveryRequest()
    {
        await using var server = await SwitchboardTestServer.StartAsync(Limits(burst: 5, unauthenticatedBurst: 5));

        var remaining = new List<string?>();
        for (var i = 0; i < 5; i++)
        {
            remaining.Add((await server.Client.GetAsync("/companies")).Header(Remaining));
        }

        Assert.Equal(["4", "3", "2", "1", "0"], remaining);
    }

    [Fact]
    public async Task ExceedingTheBurst_Returns429ErrorMessageWithRetryAfter()
    {
        await using var server = await SwitchboardTestServer.StartAsync(Limits(burst: 3, unauthenticatedBurst: 3));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/companies")).StatusCode);
        }

        var response = await server.Client.GetAsync("/companies");

        var error = await response.ReadErrorAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("True", error["canBeRetried"].Str());
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.True(retryAfter.Value >= TimeSpan.FromSeconds(1), $"Retry-After of {retryAfter} is too short to ever succeed.");
        Assert.Equal("3", response.Header(Limit));
        Assert.Equal("0", response.Header(Remaining));
    }

    [Fact]
    public async Task RefusedRequests_DoNotAct()
    {
        await using var server = await SwitchboardTestServer.StartAsync(Limits(burst: 2, unauthenticatedBurst: 2));
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsync("/companies", Api.Json("""{"name":"Allowed"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsync("/companies", Api.Json("""{"name":"Allowed"}"""))).StatusCode);

        var refused = await server.Client.PostAsync("/companies", Api.Json("""{"name":"Refused"}"""));

        await refused.ReadErrorAsync(HttpStatusCode.TooManyRequests);
        await using var db = await server.CreateDbContextAsync();
        Assert.Equal(2, await db.Companies.IgnoreQueryFilters().CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RequestsWithoutAValidKey_AreLimitedPerClientAddress()
    {
        await using var server = await SwitchboardTestServer.StartAsync(Limits(burst: 100, unauthenticatedBurst: 4));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            // A different wrong key each time: guessing keys must not reset the limit.
            using var guesser = server.CreateClient("guess_" + Guid.NewGuid().ToString("N"));
            statuses.Add((await guesser.GetAsync("/companies")).StatusCode);
        }

        using var anonymous = server.CreateClient(apiKey: null);
        var withoutHeader = await anonymous.GetAsync("/companies");

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 4), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        await withoutHeader.ReadErrorAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(withoutHeader.Headers.RetryAfter);
        // The real key has a bucket of its own.
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/companies")).StatusCode);
    }

    [Fact]
    public async Task OneTenantAtItsLimit_DoesNotAffectAnother()
    {
        await using var server = await SwitchboardTestServer.StartAsync(Limits(burst: 5, unauthenticatedBurst: 5));
        var other = await server.NewTenantAsync();
        HttpResponseMessage last;
        var sent = 0;
        do
        {
            last = await server.Client.GetAsync("/companies");
            sent++;
        }
        while (last.StatusCode != HttpStatusCode.TooManyRequests && sent < 10);

        var response = await other.Client.GetAsync("/companies");
        var stillLimited = await server.Client.GetAsync("/companies");

        Assert.Equal(6, sent);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("5", response.Header(Limit));
        Assert.Equal("4", response.Header(Remaining));
        Assert.Equal(HttpStatusCode.TooManyRequests, stillLimited.StatusCode);
    }

    [Fact]
    public async Task EachApiKey_HasItsOwnBucket()
    {
        await using var server = await SwitchboardTestServer.StartAsync(Limits(burst: 2, unauthenticatedBurst: 2));
        var created = await (await server.Client.PostAsync("/apiKeys", Api.Json("{}"))).ReadObjectAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/companies")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await server.Client.GetAsync("/companies")).StatusCode);
        using var secondKey = server.CreateClient(created["apiKey"].Str());

        var response = await secondKey.GetAsync("/companies");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1", response.Header(Remaining));
    }

    [Fact]
    public async Task EmptyBucket_RefillsAtTheConfiguredRate()
    {
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Switchboard:RateLimits:Burst"] = "1",
            ["Switchboard:RateLimits:PermitsPerSecond"] = "1",
        });
        // Another key (its own bucket) warms the path first, so the two requests below are well within the second
        // that refills a token, even on a loaded machine.
        using var other = await server.CreateTenantClientAsync();
        await other.GetAsync("/companies");
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/companies")).StatusCode);
        var refused = await server.Client.GetAsync("/companies");

        // One token comes back after a second; poll a bounded number of times for the server to say so.
        HttpResponseMessage polled;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            polled = await server.Client.GetAsync("/companies");
        }
        while (polled.StatusCode == HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline);

        await refused.ReadErrorAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("1", refused.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.OK, polled.StatusCode);
        Assert.Equal("0", polled.Header(Remaining));
    }

    [Fact]
    public async Task RatesAboveOnePerTick_AreServed()
    {
        // Over 1,000 a second, a refill period of one token would be shorter than a TimeSpan tick.
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Switchboard:RateLimits:Burst"] = "1000000000",
            ["Switchboard:RateLimits:PermitsPerSecond"] = "1000000000",
        });

        var response = await server.Client.GetAsync("/companies");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1000000000", response.Header(Limit));
    }
}
