using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Connections;
using Switchboard.Server.Telemetry;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.OAuth;

/// <summary>
/// How the refresher spreads a platform's refreshes: at most its configured rate per node, and jittered ahead of
/// expiry, so tokens issued together are not all refreshed in one poll. Counted where it matters, at the platform:
/// when each refresh request reached its token endpoint.
/// </summary>
[LongRunning]
public sealed class RefreshSpreadTests
{
    [Fact]
    public async Task A_Platforms_Refreshes_Keep_To_Its_Rate_And_Those_Put_Off_Are_Refreshed_Later_Without_Counting_As_Failures()
    {
        // 40 connections whose first tokens all expire together, 60 s after the servers started: due together 35 s before that
        // (no jitter; linking them takes up to 20 s on a loaded 2-core machine), at 5 refreshes a second for the
        // platform: 8 s of sending, well before they expire.
        const int Connections = 40;
        const int PerSecond = 5;
        await using var bed = await OAuthTestBed.StartAsync(
            new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromHours(1) },
            new Dictionary<string, string?>
            {
                ["Switchboard:Tokens:RefreshBefore"] = "00:00:35",
                ["Switchboard:Tokens:RefreshJitter"] = "00:00:00",
                ["Switchboard:Tokens:PollInterval"] = "00:00:00.200",
                ["Switchboard:Tokens:MaxRefreshesPerSecond"] = "1000",
                [$"Switchboard:Integrations:{OAuthTestBed.PlatformKey}:OAuth:MaxRefreshesPerSecond"] = PerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
                // The refresher's account of each look, for a timed-out wait's message.
                ["Logging:LogLevel:Switchboard.Server.OAuth"] = "Debug",
            });
        using var refreshMetrics = RefreshMetrics.Listen(bed.Server);
        var expireTogether = DateTime.UtcNow.AddSeconds(60);
        bed.Provider.FirstAccessTokensExpireAt = expireTogether;
        await bed.LinkConnectionsAsync(Connections);
        var linked = DateTime.UtcNow;

        // Were linking slower still, the refreshes would begin while it goes on: a smaller burst, the same limit (that
        // the budget did bind is checked below, by the refreshes put off).
        await OAuthTestBed.WaitUntilAsync(
            () => bed.Provider.TotalRefreshes >= Connections, $"all {Connections} connections were refreshed", seconds: 60,
            () => $"{refreshMetrics.PutOff} put off, {refreshMetrics.Failed} failed. " + WhereTheRefreshesAre(bed, linked, expireTogether));

        var arrivals = RefreshArrivals(bed.Provider).SelectMany(a => a.Refreshes).Order().ToList();
        Assert.Equal(Connections, arrivals.Count);
        // Per 1-s window of the platform's clock. The node spaces its sends 1/5 s apart; the time from a slot to the
        // request's arrival (the claim's write, the HTTP call) varies by tens of milliseconds, which can move one more
        // arrival into a window, never more while that variation stays under a slot's 200 ms: hence rate + 1.
        var busiest = arrivals.GroupBy(a => (a - arrivals[0]).Ticks / TimeSpan.TicksPerSecond).Max(g => g.Count());
        Assert.True(busiest <= PerSecond + 1, $"{busiest} refreshes reached the platform within one second; its rate is {PerSecond}/s.");
        // And over the whole run: 40 at 5/s take 39 slots of 200 ms, less the same variation.
        var span = arrivals[^1] - arrivals[0];
        Assert.True(span >= TimeSpan.FromSeconds((Connections - 1.0) / PerSecond - 0.5), $"40 refreshes reached the platform within {span.TotalSeconds:0.00} s.");
        // Every one refreshed before its token expired, none failed, and those put off (a 200-ms poll finds all 40 due at
        // once, with room for one or two) were not counted as failures.
        Assert.All(RefreshArrivals(bed.Provider), a => Assert.True(a.Refreshes[0] < expireTogether, $"Refreshed at {a.Refreshes[0]:O}, after the token expired."));
        Assert.True(refreshMetrics.PutOff > 0, "No refresh was put off: the budget was never spent.");
        Assert.Equal(0, refreshMetrics.Failed);
        await using var db = await bed.Server.CreateDbContextAsync();
        var failures = await db.Set<ConnectionEntity>().IgnoreQueryFilters().Select(c => EF.Property<int>(c, "RefreshFailures")).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Connections, failures.Count);
        Assert.All(failures, f => Assert.Equal(0, f));
    }

    [Fact]
    public async Task Tokens_Issued_Together_Are_Refreshed_Spread_Over_The_Jitter_And_Each_Before_It_Expires()
    {
        // 30 connections whose first tokens all expire together, 64 s after the servers started; refreshed 5 s ahead, and up to 4 s
        // earlier still at random: spread over [T-9 s, T-5 s]. Without jitter they would all come due in one poll. The
        // linking must end 21 s before T (below), which took over 22 s once on a busy 2-core machine: 43 s are left for it.
        // The 5 s ahead are what a refresh may lag behind its due time and still beat the expiry: unloaded it lags 20 ms,
        // but with a two-node test's servers and PostgreSQL on the same two cores some lagged 2.7 s.
        const int Connections = 30;
        var refreshBefore = TimeSpan.FromSeconds(5);
        var jitter = TimeSpan.FromSeconds(4);
        await using var bed = await OAuthTestBed.StartAsync(
            new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromHours(1) },
            new Dictionary<string, string?>
            {
                ["Switchboard:Tokens:RefreshBefore"] = "00:00:05",
                ["Switchboard:Tokens:RefreshJitter"] = "00:00:04",
                ["Switchboard:Tokens:PollInterval"] = "00:00:00.200",
                ["Logging:LogLevel:Switchboard.Server.OAuth"] = "Debug",
            });
        var expireTogether = DateTime.UtcNow.AddSeconds(64);
        bed.Provider.FirstAccessTokensExpireAt = expireTogether;
        await bed.LinkConnectionsAsync(Connections);

        // Linked with at least four times the jitter left before their due time, so each may be drawn from all of it.
        Assert.True(DateTime.UtcNow < expireTogether - refreshBefore - 4 * jitter, "Linking took too long for the whole jitter to apply.");
        // The expiries Switchboard stored: the provider's, less the time the code exchange took (expires_in counts from
        // the answer, and Switchboard counts it from when it asked) and up to a second of expires_in's rounding. On a
        // loaded machine that is over 2 s: the earliest window is judged from Switchboard's own expiries.
        DateTime earliestStored;
        await using (var db = await bed.Server.CreateDbContextAsync())
        {
            var stored = await db.Set<ConnectionEntity>().IgnoreQueryFilters().Select(c => c.TokenExpires).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(Connections, stored.Count);
            earliestStored = stored.Min(e => e ?? throw new InvalidOperationException("A linked connection stored no token expiry."));
        }

        var linked = DateTime.UtcNow;
        await OAuthTestBed.WaitUntilAsync(
            () => bed.Provider.TotalRefreshes >= Connections, $"all {Connections} connections were refreshed", seconds: 60,
            () => WhereTheRefreshesAre(bed, linked, expireTogether));

        var refreshes = RefreshArrivals(bed.Provider).Select(a => a.Refreshes[0]).Order().ToList();
        Assert.Equal(Connections, refreshes.Count);
        // Each before its token expired (the provider's own clock, and its own expiry), and none before the jitter window
        // of the earliest expiry Switchboard stored (a refresh reaches the platform after it came due, never before).
        Assert.All(refreshes, r => Assert.True(r < expireTogether, $"Refreshed at {r:O}, after the token expired at {expireTogether:O}."));
        Assert.All(refreshes, r => Assert.True(r >= earliestStored - refreshBefore - jitter, $"Refreshed at {r:O}, before the jitter window (the earliest stored expiry is {earliestStored:O})."));
        // Spread: 30 draws from 4 s have all but no chance (below one in a thousand) to fall within 2 s, or 16 within one second.
        var span = refreshes[^1] - refreshes[0];
        Assert.True(span >= TimeSpan.FromSeconds(2), $"The 30 refreshes came within {span.TotalSeconds:0.00} s: not spread over the 4-s jitter.");
        var busiest = refreshes.GroupBy(r => (r - refreshes[0]).Ticks / TimeSpan.TicksPerSecond).Max(g => g.Count());
        Assert.True(busiest <= 15, $"{busiest} of the 30 refreshes came within one second.");
    }

    /// <summary>
    /// For a timed-out wait: what reached the platform, when linking ended against when the tokens expire, and the
    /// refresher's own account of its last cycles (the test server keeps its Debug lines).
    /// </summary>
    private static string WhereTheRefreshesAre(OAuthTestBed bed, DateTime linked, DateTime expireTogether)
    {
        var answers = bed.Provider.TokenRequests.GroupBy(r => r.Answer).Select(g => $"{g.Key} {g.Count()}");
        // Looks that found nothing due say nothing; each line without its structured values, which repeat it.
        var refresher = bed.Server.Logs.Lines
            .Where(l => (l.Contains("TokenRefresher", StringComparison.Ordinal) || l.Contains("TokenKeeper", StringComparison.Ordinal))
                && !l.Contains("Refresh look: 0 due", StringComparison.Ordinal))
            .Select(l => l.Split(" {", 2)[0])
            .TakeLast(12);
        return $"{bed.Provider.TotalRefreshes} refreshes reached the platform; token requests by answer: {string.Join(", ", answers)}. "
            + $"Linking ended {(expireTogether - linked).TotalSeconds:0.0} s before the tokens expire, and {(DateTime.UtcNow - linked).TotalSeconds:0.0} s ago. "
            + $"The refresher's last lines:\n{string.Join('\n', refresher)}";
    }

    /// <summary>Per connection (the provider's subject), when its refresh requests reached the platform: its issued tokens but the code exchange's.</summary>
    private static List<(string Subject, DateTime[] Refreshes)> RefreshArrivals(OAuthProvider provider) =>
        [.. provider.IssuedAccessTokens.Where(p => p.Value.Length > 1).Select(p => (p.Key, p.Value[1..]))];
}
