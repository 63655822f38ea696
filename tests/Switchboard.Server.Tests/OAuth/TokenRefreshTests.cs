using System.Net;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.OAuth;

/// <summary>The refresher against a real provider with short-lived access tokens.</summary>
[LongRunning]
public sealed class TokenRefreshTests
{
    // Refreshes exactly RefreshBefore ahead: these tests time their connections' refreshes against each other (the
    // 429 test's second connection comes due a second after the first), which the jitter, up to a quarter of a short
    // token's life earlier, would undo. RefreshSpreadTests covers the jitter.
    private static readonly Dictionary<string, string?> Refreshing = new()
    {
        ["Switchboard:Tokens:RefreshBefore"] = "00:00:02",
        ["Switchboard:Tokens:RefreshJitter"] = "00:00:00",
        ["Switchboard:Tokens:PollInterval"] = "00:00:00.200",
    };

    [Theory]
    [InlineData(RefreshTokenMode.Rotate)]
    [InlineData(RefreshTokenMode.Reissue)]
    public async Task Tokens_Are_Refreshed_Ahead_Of_Expiry_With_And_Without_Rotation_And_No_Refresh_Token_Is_Spent_Twice(RefreshTokenMode refreshTokens)
    {
        await using var bed = await OAuthTestBed.StartAsync(new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromSeconds(3), RefreshTokens = refreshTokens }, Refreshing);
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(linkUrl)).Status);

        // Three refreshes in a row, each with the refresh token the answer before returned (rotated: the one presented
        // was spent; reissued: it was still valid, but the newest is kept).
        await OAuthTestBed.WaitUntilAsync(() => bed.Provider.TotalRefreshes >= 3, "three refreshes happened");

        Assert.Equal(0, bed.Provider.ReusedRefreshTokens);
        Assert.NotNull(await bed.SubjectOfCurrentTokenAsync(company, connection));
        var linked = await bed.GetConnectionAsync(company, connection);
        Assert.Equal("Linked", linked["status"]!.GetValue<string>());
        Assert.Null(linked["dataConnectionErrors"]);
    }

    [Fact]
    public async Task A_Refresh_Answer_Without_A_Refresh_Token_Keeps_The_One_Held_And_Refreshing_Goes_On()
    {
        await using var bed = await OAuthTestBed.StartAsync(
            new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromSeconds(3), RefreshTokens = RefreshTokenMode.Omit }, Refreshing);
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(linkUrl)).Status);

        await OAuthTestBed.WaitUntilAsync(() => bed.Provider.TotalRefreshes >= 3, "three refreshes happened");

        // Switchboard had no refresh token but the code exchange's before its first refresh; every later refresh
        // presented that same one, so no answer without a refresh token erased or replaced it.
        var redeemed = Assert.Single(bed.Provider.RedeemedRefreshTokens).Value;
        Assert.True(redeemed.Length >= 3, $"{redeemed.Length} refreshes redeemed");
        Assert.Single(redeemed.Distinct(StringComparer.Ordinal));
        var linked = await bed.GetConnectionAsync(company, connection);
        Assert.Equal("Linked", linked["status"]!.GetValue<string>());
        Assert.Null(linked["dataConnectionErrors"]);
        Assert.Equal("accessToken,refreshToken", linked["connectionInfo"]!["authorizationKeys"]!.GetValue<string>());
        Assert.NotNull(await bed.SubjectOfCurrentTokenAsync(company, connection));
    }

    [Fact]
    public async Task A_500_A_429_And_A_Timeout_Are_Retried_After_Their_Backoff_Without_Spending_The_Refresh_Token_And_The_Connection_Stays_Linked()
    {
        // Backoff shortened by configuration: 0.5 s, 1 s, 2 s, … at most 3 s; the 429 asks for 2 s, longer than its 1 s.
        var settings = new Dictionary<string, string?>(Refreshing)
        {
            ["Switchboard:Tokens:RetryBackoff"] = "00:00:00.500",
            ["Switchboard:Tokens:MaxRetryBackoff"] = "00:00:03",
            // Short enough for the hanging try to end soon, long enough for the code exchange on a loaded machine (at
            // 2 s a clean run's exchange timed out: 502 before any refresh).
            ["Switchboard:Tokens:HttpTimeout"] = "00:00:06",
        };
        await using var bed = await OAuthTestBed.StartAsync(
            new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromSeconds(3), FirstAccessTokenLifetime = TimeSpan.FromSeconds(5) }, settings);
        bed.Provider.RetryAfter = TimeSpan.FromSeconds(2);
        // The refresher's first three tries meet these (queued before linking: the first refresh comes due 3 s after the
        // code exchange, and on a loaded machine linking has returned later than that).
        bed.Provider.FailNextRefreshes(OAuthProviderFault.ServerError, OAuthProviderFault.TooManyRequests, OAuthProviderFault.Hang);
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(linkUrl)).Status);

        // The code exchange and three failed tries, the last one hanging now: nothing redeemed, nothing reported.
        await OAuthTestBed.WaitUntilAsync(() => bed.Provider.TokenRequests.Count >= 4, "three refreshes were tried");
        Assert.Equal(0, bed.Provider.TotalRefreshes);
        var during = await bed.GetConnectionAsync(company, connection);
        Assert.Equal("Linked", during["status"]!.GetValue<string>());
        Assert.Null(during["dataConnectionErrors"]);

        // The faults used up, the next try succeeds, with the refresh token the failed tries held back.
        await OAuthTestBed.WaitUntilAsync(() => bed.Provider.TotalRefreshes >= 1, "a refresh succeeded");
        var requests = bed.Provider.TokenRequests;
        Assert.Equal(
            new[] { OAuthProviderFault.None, OAuthProviderFault.ServerError, OAuthProviderFault.TooManyRequests, OAuthProviderFault.Hang, OAuthProviderFault.None },
            requests.Take(5).Select(r => r.Answer));
        // Each retry waited at least its backoff (a lower bound, which a busy machine only lengthens): after the 500
        // 0.5 s; after the 429 its Retry-After of 2 s rather than the 1-s backoff; after the timeout 2 s.
        TimeSpan[] waits = [TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)];
        for (var i = 0; i < waits.Length; i++)
        {
            var gap = requests[i + 2].ArrivedAt - requests[i + 1].ArrivedAt;
            Assert.True(gap >= waits[i] - TimeSpan.FromMilliseconds(20), $"Try {i + 2} came {gap.TotalMilliseconds:0} ms after a {requests[i + 1].Answer}, before its {waits[i].TotalMilliseconds:0}-ms wait.");
        }

        Assert.Equal(0, bed.Provider.ReusedRefreshTokens);
        var after = await bed.GetConnectionAsync(company, connection);
        Assert.Equal("Linked", after["status"]!.GetValue<string>());
        Assert.Null(after["dataConnectionErrors"]);
        // The platform accepts the token the connection holds (asked for again if one expires before the check).
        Assert.NotNull(await bed.SubjectOfCurrentTokenAsync(company, connection));
    }

    [Fact]
    public async Task A_429_With_Retry_After_Pauses_Every_Refresh_Of_That_Platform_Until_It_Ends()
    {
        // Two connections of one platform, the second's first token due a second after the first's (12-s first tokens,
        // refreshed 2 s ahead): the first one's refresh meets a 429 asking for 3 s, inside which the second comes due.
        await using var bed = await OAuthTestBed.StartAsync(
            new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromSeconds(30), FirstAccessTokenLifetime = TimeSpan.FromSeconds(12) }, Refreshing);
        bed.Provider.RetryAfter = TimeSpan.FromSeconds(3);
        var first = await bed.CreateConnectionAsync();
        Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(first.LinkUrl)).Status);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var second = await bed.CreateConnectionAsync();
        Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(second.LinkUrl)).Status);
        Assert.Equal(0, bed.Provider.TotalRefreshes);
        bed.Provider.TokenEndpointFault = OAuthProviderFault.TooManyRequests;

        await OAuthTestBed.WaitUntilAsync(() => bed.Provider.TokenRequests.Any(r => r.Answer == OAuthProviderFault.TooManyRequests), "a refresh met the 429");
        var throttled = bed.Provider.TokenRequests.First(r => r.Answer == OAuthProviderFault.TooManyRequests).ArrivedAt;
        await OAuthTestBed.WaitUntilAsync(() => DateTime.UtcNow > throttled + TimeSpan.FromSeconds(3.5), "the pause ended");
        bed.Provider.TokenEndpointFault = OAuthProviderFault.None;

        // Nothing reached the platform while it asked to wait: without the pause the second connection's refresh (due
        // about a second after the 429) would have. A refresh sent with the first, before the 429 came back, is not the
        // pause's to stop: on a machine slow enough that one look at the due tokens (every 0.2 s here) finds both, they
        // go out together and arrive close together (allowed: half a second; the second is due a second or more later).
        var sentTogether = TimeSpan.FromSeconds(0.5);
        var during = bed.Provider.TokenRequests.Where(r => r.ArrivedAt > throttled + sentTogether && r.ArrivedAt < throttled + TimeSpan.FromSeconds(2.9)).ToList();
        Assert.True(during.Count == 0, $"{during.Count} token requests came within the 3-s Retry-After of the 429.");
        // Then both are refreshed, neither counted as failing nor Deauthorized.
        await OAuthTestBed.WaitUntilAsync(() => bed.Provider.TotalRefreshes >= 2, "both connections were refreshed");
        foreach (var (company, connection, _) in new[] { first, second })
        {
            var after = await bed.GetConnectionAsync(company, connection);
            Assert.Equal("Linked", after["status"]!.GetValue<string>());
            Assert.Null(after["dataConnectionErrors"]);
        }

        Assert.Equal(0, bed.Provider.ReusedRefreshTokens);
    }

    [Fact]
    public async Task A_Token_Endpoint_That_Does_Not_Answer_Holds_Up_No_Other_Refresh()
    {
        // Two connections, the second's first token due 3 s after the first's (12-s first tokens, refreshed 2 s ahead).
        // The first one's refresh meets a platform that does not answer, and waits for the 20-s timeout; meanwhile the
        // second one comes due, and is sent then, not when the first gives up.
        var settings = new Dictionary<string, string?>(Refreshing) { ["Switchboard:Tokens:HttpTimeout"] = "00:00:20" };
        await using var bed = await OAuthTestBed.StartAsync(
            new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromSeconds(30), FirstAccessTokenLifetime = TimeSpan.FromSeconds(12) }, settings);
        // Queued before linking: code exchanges do not take from it, the first refresh does.
        bed.Provider.FailNextRefreshes(OAuthProviderFault.Hang);
        var first = await bed.CreateConnectionAsync();
        Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(first.LinkUrl)).Status);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var second = await bed.CreateConnectionAsync();
        Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(second.LinkUrl)).Status);

        await OAuthTestBed.WaitUntilAsync(() => bed.Provider.TokenRequests.Any(r => r.Answer == OAuthProviderFault.Hang), "the first refresh reached the platform", seconds: 20);
        var hung = bed.Provider.TokenRequests.First(r => r.Answer == OAuthProviderFault.Hang).ArrivedAt;
        await OAuthTestBed.WaitUntilAsync(() => bed.Provider.TotalRefreshes >= 1, "a refresh was answered", seconds: 30);

        // The first answered refresh is the second connection's (the first one's try still hangs, and would be retried
        // only after its timeout and a backoff): it came about 3 s after the hanging one, not 20 s.
        var answered = bed.Provider.IssuedAccessTokens.Values.Where(issued => issued.Length > 1).Min(issued => issued[1]);
        Assert.True(answered - hung < TimeSpan.FromSeconds(10),
            $"The second connection's refresh reached the platform {(answered - hung).TotalSeconds:0.0} s after the first one's, which hung for the 20-s timeout.");
        foreach (var (company, connection, _) in new[] { first, second })
        {
            Assert.Equal("Linked", (await bed.GetConnectionAsync(company, connection))["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_Platform_That_Does_Not_Answer_Takes_No_More_Than_Its_Share_Of_The_Sending_Slots()
    {
        // A node that sends 6 refreshes at once, at most 4 to one platform. 8 connections to platform A, whose first
        // tokens expire together at T, and one to platform B (another provider), expiring 6 s later; refreshed 2 s ahead.
        // A stops answering just before its 8 come due: its refreshes wait for the 20-s timeout, more of them than the
        // node sends at once. B's comes due 6 s after A's and is sent then, in a slot A's share leaves free, not when A's
        // give up.
        const int Connections = 8;
        const int Share = 4;
        await using var other = await OAuthProvider.StartAsync(new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromHours(1) });
        var settings = new Dictionary<string, string?>(Refreshing)
        {
            ["Switchboard:Tokens:HttpTimeout"] = "00:00:20",
            ["Switchboard:Tokens:MaxConcurrentRefreshes"] = "6",
            ["Switchboard:Tokens:MaxConcurrentRefreshesPerPlatform"] = Share.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in other.SwitchboardSettings("tprw"))
        {
            settings[key] = value;
        }

        await using var bed = await OAuthTestBed.StartAsync(new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromHours(1) }, settings);
        await other.RegisterClientAsync(bed.Server.BaseAddress);
        // T counts from here, with the servers started. Linking these 9 took 26 s once, on PostgreSQL beside the two-node
        // test; A's refreshes begin 2 s before T.
        var linking = DateTime.UtcNow;
        var expireTogether = linking.AddSeconds(50);
        bed.Provider.FirstAccessTokensExpireAt = expireTogether;
        other.FirstAccessTokensExpireAt = expireTogether.AddSeconds(6);
        await bed.LinkConnectionsAsync(Connections, parallelism: 4);
        var company = await bed.Client.CreateCompanyIdAsync();
        var connection = await bed.Client.CreateConnectionAsync(company, "tprw");
        Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(connection["linkUrl"]!.GetValue<string>())).Status);
        Assert.True(DateTime.UtcNow < expireTogether - TimeSpan.FromSeconds(4), $"Linking took too long ({(DateTime.UtcNow - linking).TotalSeconds:0} s): A's refreshes may have begun.");
        bed.Provider.TokenEndpointFault = OAuthProviderFault.Hang;

        await OAuthTestBed.WaitUntilAsync(() => other.TotalRefreshes >= 1, "B's connection was refreshed", seconds: 60);
        var refreshed = other.IssuedAccessTokens.Values.Single()[1];
        // Sent while A's hang: without the share, not before one of them timed out, 20 s after the first.
        var firstHang = bed.Provider.TokenRequests.First(r => r.Answer == OAuthProviderFault.Hang).ArrivedAt;
        Assert.True(refreshed < firstHang.AddSeconds(15), $"B's refresh reached its platform {(refreshed - firstHang).TotalSeconds:0.0} s after A's first refresh began to hang.");
        // A's share was used, and no more: 15 s after A's first hanging request, before any of them times out, all 8 had
        // come due, and exactly 4 had been sent.
        await OAuthTestBed.WaitUntilAsync(() => DateTime.UtcNow > firstHang.AddSeconds(15), "15 s passed", seconds: 20);
        Assert.Equal(Share, bed.Provider.TokenRequests.Count(r => r.Answer == OAuthProviderFault.Hang && r.ArrivedAt < firstHang.AddSeconds(15)));
        Assert.Equal("Linked", (await bed.GetConnectionAsync(company, connection.Id()))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_Revoked_Grant_Makes_The_Connection_Deauthorized_With_An_Error_And_Refreshing_Stops()
    {
        await using var bed = await OAuthTestBed.StartAsync(new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromSeconds(3) }, Refreshing);
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(linkUrl)).Status);

        await bed.Provider.RevokeEverythingAsync();
        var after = await bed.WaitForConnectionAsync(company, connection, c => c["status"]!.GetValue<string>() == "Deauthorized");

        var error = Assert.Single(after["dataConnectionErrors"]!.AsArray())!;
        Assert.Equal("401", error["statusCode"]!.GetValue<string>());
        Assert.Contains("invalid_grant", error["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        // Nothing left to refresh with: the token set is destroyed with the authorization.
        await (await bed.RequestAccessTokenAsync(company, connection)).ReadErrorAsync(HttpStatusCode.Conflict);
    }
}
