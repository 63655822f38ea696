using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Connections;
using Switchboard.Server.OAuth;
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
        // Set before linking: on a loaded machine, linking the second took longer than the first one's 10 s to its refresh.
        bed.Provider.RefreshFault = OAuthProviderFault.TooManyRequests;
        var first = await bed.CreateConnectionAsync();
        Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(first.LinkUrl)).Status);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var second = await bed.CreateConnectionAsync();
        Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(second.LinkUrl)).Status);

        await OAuthTestBed.WaitUntilAsync(() => bed.Provider.TokenRequests.Any(r => r.Answer == OAuthProviderFault.TooManyRequests), "a refresh met the 429");
        var throttled = bed.Provider.TokenRequests.First(r => r.Answer == OAuthProviderFault.TooManyRequests).ArrivedAt;
        await OAuthTestBed.WaitUntilAsync(() => DateTime.UtcNow > throttled + TimeSpan.FromSeconds(3.5), "the pause ended");
        bed.Provider.RefreshFault = OAuthProviderFault.None;

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
    public async Task Connections_Coming_Due_While_Their_Platform_Is_Paused_Stay_Where_They_Are_And_Are_Refreshed_When_It_Ends()
    {
        // One connection's refresh meets a 429 asking for 20 s. Eight more are linked after it, and come due inside the
        // pause: the look-up leaves the paused platform out, so none is found and put off (a write each, at every look
        // that would find it); once the pause ends, all nine are refreshed.
        const int Later = 8;
        await using var bed = await OAuthTestBed.StartAsync(
            new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromHours(1), FirstAccessTokenLifetime = TimeSpan.FromSeconds(4) }, Refreshing);
        using var refreshMetrics = RefreshMetrics.Listen(bed.Server);
        bed.Provider.RetryAfter = TimeSpan.FromSeconds(20);
        bed.Provider.FailNextRefreshes(OAuthProviderFault.TooManyRequests);
        var first = await bed.CreateConnectionAsync();
        Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(first.LinkUrl)).Status);
        await OAuthTestBed.WaitUntilAsync(() => bed.Provider.TokenRequests.Any(r => r.Answer == OAuthProviderFault.TooManyRequests), "the first refresh met the 429");
        var throttled = bed.Provider.TokenRequests.First(r => r.Answer == OAuthProviderFault.TooManyRequests).ArrivedAt;

        // Their tokens expire 18 s into the pause, so they come due (2 s ahead) inside it, however long linking takes up to then.
        bed.Provider.FirstAccessTokensExpireAt = throttled.AddSeconds(18);
        await bed.LinkConnectionsAsync(Later);
        await OAuthTestBed.WaitUntilAsync(() => bed.Provider.TotalRefreshes >= Later + 1, $"all {Later + 1} connections were refreshed", seconds: 60);

        // Nothing reached the platform while it asked to wait, and nothing was put off: all were found after it ended.
        var refreshed = bed.Provider.IssuedAccessTokens.Values.SelectMany(issued => issued[1..]).ToList();
        Assert.All(refreshed, at => Assert.True(at >= throttled + TimeSpan.FromSeconds(19.9), $"A refresh reached the platform {(at - throttled).TotalSeconds:0.0} s into its 20-s pause."));
        Assert.Equal(0, refreshMetrics.PutOffFor("paused"));
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
        // A does not answer refreshes: when its 8 come due, they wait for the 20-s timeout, more of them than the
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
        bed.Provider.RefreshFault = OAuthProviderFault.Hang;
        await bed.LinkConnectionsAsync(Connections, parallelism: 4);
        var company = await bed.Client.CreateCompanyIdAsync();
        var connection = await bed.Client.CreateConnectionAsync(company, "tprw");
        Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(connection["linkUrl"]!.GetValue<string>())).Status);
        Assert.True(DateTime.UtcNow < expireTogether - TimeSpan.FromSeconds(4), $"Linking took too long ({(DateTime.UtcNow - linking).TotalSeconds:0} s): B may come due before A's refreshes hang.");

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
    public async Task A_Platform_That_Stops_Answering_Is_Sent_One_Refresh_At_A_Time_To_Try_It_Until_It_Answers_Again()
    {
        // 10 connections whose first tokens expire together, refreshed 2 s ahead, at a platform that does not answer
        // refreshes for its first 16 s of them: each try waits for the 2-s timeout. Without the breaker, every connection
        // is tried again on its own backoff (1 s, 2 s, 4 s, at most 4 s): about 4 tries each, 40 in all, all hanging.
        // With it, the 5th failure in a row opens it: the platform is left alone for 1 s, then sent one refresh (the
        // probe), whose failure leaves it alone for 2 s, then 4 s; the others wait. The first answer closes it.
        const int Connections = 10;
        var timeout = TimeSpan.FromSeconds(2);
        var settings = new Dictionary<string, string?>(Refreshing)
        {
            ["Switchboard:Tokens:HttpTimeout"] = "00:00:02",
            ["Switchboard:Tokens:RetryBackoff"] = "00:00:01",
            ["Switchboard:Tokens:MaxRetryBackoff"] = "00:00:04",
        };
        await using var bed = await OAuthTestBed.StartAsync(new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromHours(1) }, settings);
        using var refreshMetrics = RefreshMetrics.Listen(bed.Server);
        bed.Provider.FirstAccessTokensExpireAt = DateTime.UtcNow.AddSeconds(30);
        bed.Provider.RefreshFault = OAuthProviderFault.Hang;
        await bed.LinkConnectionsAsync(Connections);

        await OAuthTestBed.WaitUntilAsync(() => bed.Provider.TokenRequests.Any(r => r.Answer == OAuthProviderFault.Hang), "the first refresh reached the platform", seconds: 40);
        var outage = bed.Provider.TokenRequests.First(r => r.Answer == OAuthProviderFault.Hang).ArrivedAt;
        await OAuthTestBed.WaitUntilAsync(() => DateTime.UtcNow > outage.AddSeconds(16), "the outage lasted 16 s", seconds: 20);
        bed.Provider.RefreshFault = OAuthProviderFault.None;
        await OAuthTestBed.WaitUntilAsync(() => bed.Provider.TotalRefreshes >= Connections, $"all {Connections} connections were refreshed", seconds: 30);

        var hung = bed.Provider.TokenRequests.Where(r => r.Answer == OAuthProviderFault.Hang).Select(r => r.ArrivedAt).Order().ToList();
        // When the breaker opened, as the node logged it. Tries that reached the platform before then, and up to half its
        // first 1-s break after (a retry of an earlier failure, sent as it opened, can arrive that late on a loaded
        // machine), were sent before it opened. Every later one is a probe, sent alone: after the one before it gave up,
        // and a break. (Not counted from the 5th hanging try: when the first tries are spread over more than the 1-s
        // backoff, the earliest ones' retries are among the first five, and come as it opens.)
        var opened = LoggedAt(bed.Server.Logs, "token endpoint does not answer");
        var probes = hung.Where(h => h > opened + TimeSpan.FromSeconds(0.5)).ToList();
        var tries = $"Tries, in seconds from its opening: {string.Join(", ", hung.Select(h => (h - opened).TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))}";
        TestContext.Current.TestOutputHelper?.WriteLine(tries);
        Assert.True(hung.Count <= Connections + 8, $"{hung.Count} refreshes were sent to a platform that did not answer for 16 s: the breaker did not hold them back.");
        Assert.True(probes.Count >= 2, $"{probes.Count} refreshes tried the platform after the breaker opened: it was not probed again after a failed probe.");
        for (var i = 1; i < probes.Count; i++)
        {
            Assert.True(probes[i] - probes[i - 1] >= timeout - TimeSpan.FromMilliseconds(50),
                $"Two refreshes tried the platform {(probes[i] - probes[i - 1]).TotalSeconds:0.00} s apart after the breaker opened: a probe goes alone. {tries}");
        }

        // Held back, not failed: put off as the platform being unavailable; and no connection lost its authorization.
        Assert.True(refreshMetrics.PutOffFor("unavailable") > 0, "No refresh was put off while the platform did not answer.");
        Assert.Contains(bed.Server.Logs.Lines, l => l.Contains("token endpoint does not answer", StringComparison.Ordinal));
        Assert.Contains(bed.Server.Logs.Lines, l => l.Contains("token endpoint answers again", StringComparison.Ordinal));
        Assert.Equal(0, bed.Provider.ReusedRefreshTokens);
        await using var db = await bed.Server.CreateDbContextAsync();
        var statuses = await db.Set<ConnectionEntity>().IgnoreQueryFilters().Select(c => c.Status).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Connections, statuses.Count);
        Assert.All(statuses, status => Assert.Equal(DataConnectionStatus.Linked, status));
    }

    [Fact]
    public async Task AccessToken_Calls_After_A_Break_Send_One_Refresh_To_Try_The_Platform_And_The_Others_Are_Answered_The_Token_Held()
    {
        // No background refreshes: only accessToken calls refresh. The first tokens live 75 s: once 16 s have passed since
        // the last link, all are within its 60-s margin, so each call refreshes first, and even on a machine slow to link
        // they outlast the test. The platform does not answer refreshes (each try waits for the 2-s timeout).
        const int Opening = PlatformPauses.BreakAfter;
        const int Batch = 8;
        var settings = new Dictionary<string, string?>
        {
            ["Switchboard:Tokens:HttpTimeout"] = "00:00:02",
            ["Switchboard:Tokens:RetryBackoff"] = "00:00:01",
            ["Switchboard:Tokens:MaxRetryBackoff"] = "00:00:04",
        };
        await using var bed = await OAuthTestBed.StartAsync(
            new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromHours(1), FirstAccessTokenLifetime = TimeSpan.FromSeconds(75) }, settings);
        var linked = new (string Company, string Connection)[Opening + Batch];
        await Parallel.ForAsync(0, linked.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
            Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(linkUrl)).Status);
            linked[i] = (company, connection);
        });
        var lastLinked = DateTime.UtcNow;
        await OAuthTestBed.WaitUntilAsync(() => DateTime.UtcNow > lastLinked.AddSeconds(16), "every token is within the accessToken margin", seconds: 20);
        bed.Provider.RefreshFault = OAuthProviderFault.Hang;

        // Five calls whose refreshes get no answer open the breaker; each is then answered the token it holds.
        var opening = await Task.WhenAll(linked[..Opening].Select(c => bed.RequestAccessTokenAsync(c.Company, c.Connection)));
        Assert.All(opening, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var pauses = bed.Server.Services.GetRequiredService<PlatformPauses>();
        Assert.NotNull(pauses.PausedUntil(OAuthTestBed.PlatformKey, DateTime.UtcNow));

        // The break (1 s) ends: the next calls come together, and one of them tries the platform.
        await OAuthTestBed.WaitUntilAsync(() => pauses.PausedUntil(OAuthTestBed.PlatformKey, DateTime.UtcNow) is null, "the break ended", seconds: 10);
        var before = bed.Provider.TokenRequests.Count(r => r.Answer == OAuthProviderFault.Hang);
        var batch = await Task.WhenAll(linked[Opening..].Select(c => bed.RequestAccessTokenAsync(c.Company, c.Connection)));

        // Each answered the token it holds (still valid), and the platform was sent one refresh, not eight:
        // its failure started a longer break, which the others' calls found.
        foreach (var response in batch)
        {
            var token = await response.ReadObjectAsync(HttpStatusCode.OK);
            Assert.True(token["expiresAt"]!.GetValue<DateTime>().ToUniversalTime() > DateTime.UtcNow);
        }

        var tried = bed.Provider.TokenRequests.Count(r => r.Answer == OAuthProviderFault.Hang) - before;
        Assert.True(tried == 1, $"{tried} refreshes tried a platform that had stopped answering, after its break: one goes alone.");
        Assert.NotNull(pauses.PausedUntil(OAuthTestBed.PlatformKey, DateTime.UtcNow));
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

    /// <summary>When the node first logged an entry containing <paramref name="text"/> (UTC, from its JSON log line).</summary>
    private static DateTime LoggedAt(CapturedLogs logs, string text)
    {
        var line = logs.Json.Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"The node never logged \"{text}\".");
        using var entry = System.Text.Json.JsonDocument.Parse(line);
        return entry.RootElement.GetProperty("Timestamp").GetDateTime().ToUniversalTime();
    }
}
