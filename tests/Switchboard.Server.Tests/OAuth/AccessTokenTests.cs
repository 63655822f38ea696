using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Companies;
using Switchboard.Server.Connections;
using Switchboard.Server.OAuth;
using Switchboard.Server.Tenancy;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.OAuth;

/// <summary>The accessToken extension: refresh first when expiring, one refresh for concurrent callers, 409 when not Linked.</summary>
public sealed class AccessTokenTests
{
    [Fact]
    public async Task AccessToken_Of_A_Connection_That_Is_Not_Linked_Is_409()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        var (company, connection, _) = await bed.CreateConnectionAsync();

        var error = await (await bed.RequestAccessTokenAsync(company, connection)).ReadErrorAsync(HttpStatusCode.Conflict);

        Assert.Contains("PendingAuth", error.Error(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccessToken_Of_An_Unknown_Connection_Is_404()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        var (company, _, _) = await bed.CreateConnectionAsync();

        await (await bed.RequestAccessTokenAsync(company, Guid.NewGuid().ToString())).ReadErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AccessToken_Whose_Refresh_Keeps_Failing_After_It_Expired_Is_503_With_Retry_After_Not_The_Expired_Token()
    {
        // 2-s tokens; the call waits for a refresh at most the token timeout (4 s) and 5 s more.
        await using var bed = await OAuthTestBed.StartAsync(
            new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromSeconds(2) }, new Dictionary<string, string?> { ["Switchboard:Tokens:HttpTimeout"] = "00:00:04" });
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(linkUrl)).Status);
        bed.Provider.TokenEndpointFault = OAuthProviderFault.ServerError;
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        using var response = await bed.RequestAccessTokenAsync(company, connection);

        var error = await response.ReadErrorAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("expired", error.Error(), StringComparison.Ordinal);
        // The connection stays Linked: a platform's trouble is not a revocation.
        Assert.Equal("Linked", (await bed.GetConnectionAsync(company, connection))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_Refresh_Sent_For_A_Caller_That_Went_Away_Is_Kept_So_The_Rotated_Refresh_Token_Is_Not_Lost()
    {
        // The platform rotates the refresh token at once (the one presented is spent); its answer comes after the caller left.
        var (bed, company, connection, _) = await CallerGivesUpOnALateRefreshAsync();
        await using var _ = bed;
        await OAuthTestBed.WaitUntilAsync(() => bed.Provider.TotalRefreshes == 1, "the platform redeemed the refresh token");

        // The answer still reached Switchboard and was stored: the next call gets the refreshed token (waiting for the
        // refresh if it is still under way) and needs no refresh of its own. Had the refresh been dropped with the
        // caller, Switchboard would hold the first, expiring token and a refresh token the platform has spent.
        var token = await bed.GetAccessTokenAsync(company, connection);
        Assert.True(token["expiresAt"]!.GetValue<DateTime>().ToUniversalTime() > DateTime.UtcNow.AddMinutes(30), "The call was answered a token the caller's refresh did not store.");
        Assert.Equal(1, bed.Provider.TotalRefreshes);
        Assert.Equal(0, bed.Provider.ReusedRefreshTokens);
        Assert.NotNull(await bed.Provider.SubjectOfAsync(token["accessToken"]!.GetValue<string>()));
        Assert.Equal("Linked", (await bed.GetConnectionAsync(company, connection))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_Failed_Refresh_Sent_For_A_Caller_That_Went_Away_Is_Recorded_And_Does_Not_Hold_The_Connection()
    {
        // As above, but the platform's late answer is a 500: the failure is written (one failure counted, the next try
        // after the 5-s backoff), not left as the claim's lease, which would hold the connection for HttpTimeout + 30 s.
        var (bed, company, connection, asked) = await CallerGivesUpOnALateRefreshAsync(OAuthProviderFault.ServerError);
        await using var _ = bed;

        var (failures, lease) = (0, (DateTime?)null);
        for (var waited = 0; waited < 100 && failures == 0; waited++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
            await using var db = await bed.Server.CreateDbContextAsync();
            var row = await db.Set<ConnectionEntity>().IgnoreQueryFilters().Where(c => c.Id == Guid.Parse(connection))
                .Select(c => new { Failures = EF.Property<int>(c, "RefreshFailures"), Lease = EF.Property<DateTime?>(c, "RefreshLease") })
                .SingleAsync(TestContext.Current.CancellationToken);
            (failures, lease) = (row.Failures, row.Lease);
        }

        Assert.True(failures == 1, $"The failed refresh was not recorded: {failures} failures, the connection held until {lease:O}.");
        Assert.True(lease < asked.AddSeconds(15), $"The connection is held until {lease:O}, {(lease - asked)?.TotalSeconds:0} s after the call: the claim's lease, not the retry time.");
        Assert.Equal("Linked", (await bed.GetConnectionAsync(company, connection))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Concurrent_Callers_Of_An_Expiring_Token_Share_One_Refresh()
    {
        // A 75-second token comes within the 60-second margin 15 s after it is issued; a refreshed one stays outside it for 15 s,
        // however late the slowest of the concurrent calls arrives on a loaded machine.
        await using var bed = await OAuthTestBed.StartAsync(new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromSeconds(75) });
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(linkUrl)).Status);
        var first = await bed.GetAccessTokenAsync(company, connection);
        var expiring = first["expiresAt"]!.GetValue<DateTime>().ToUniversalTime() - TimeSpan.FromSeconds(60);
        await OAuthTestBed.WaitUntilAsync(() => DateTime.UtcNow > expiring.AddMilliseconds(100), "the token is within the margin");
        // On a slow machine the first call may itself have come within the margin and refreshed.
        var before = bed.Provider.TotalRefreshes;

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ => await (await bed.RequestAccessTokenAsync(company, connection)).ReadObjectAsync(HttpStatusCode.OK)));

        Assert.Equal(before + 1, bed.Provider.TotalRefreshes);
        Assert.Equal(0, bed.Provider.ReusedRefreshTokens);
        var token = Assert.Single(answers.Select(a => a["accessToken"]!.GetValue<string>()).Distinct());
        Assert.NotEqual(first["accessToken"]!.GetValue<string>(), token);
        Assert.NotNull(await bed.Provider.SubjectOfAsync(token));
    }

    [Fact]
    public async Task A_Caller_Asking_For_A_Refresh_Of_A_Token_That_Is_Not_Expiring_Does_Not_Refresh_It_Even_When_Its_Schedule_Has_Passed()
    {
        // What a concurrent accessToken caller does once it has read the old, expiring token: ask for a refresh due within
        // the margin. If another caller's refresh has completed meanwhile, the token it finds expires in 75 s, outside the
        // 60-s margin; its scheduled refresh (expiry less the default 5-minute RefreshBefore) has long passed, but that
        // schedule is the refresher's: a second refresh here would spend a refresh token for nothing.
        await using var bed = await OAuthTestBed.StartAsync(new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromSeconds(75) });
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(linkUrl)).Status);
        var row = (await bed.Server.FindConnectionRowAsync(connection))!;
        var key = new ConnectionKey(new TenantId(row.TenantId), new CompanyId(row.CompanyId), new ConnectionId(row.Id));
        var before = bed.Provider.TotalRefreshes;

        await using var scope = bed.Server.Services.CreateAsyncScope();
        var refreshed = await scope.ServiceProvider.GetRequiredService<TokenKeeper>()
            .TryRefreshAsync(key, DateTime.UtcNow + TokenKeeper.AccessTokenMargin, TestContext.Current.CancellationToken, onDemand: true);

        Assert.False(refreshed, "A token 75 s from expiry was refreshed for a caller whose margin is 60 s.");
        Assert.Equal(before, bed.Provider.TotalRefreshes);
    }

    /// <summary>
    /// A Linked connection whose first token (50 s) is within the 60-s margin, so an <c>accessToken</c> call refreshes it;
    /// the platform answers that refresh (or fails it with <paramref name="fault"/>) 3 s late, and the caller gives up
    /// after 1 s; with when it was called.
    /// </summary>
    private static async Task<(OAuthTestBed Bed, string Company, string Connection, DateTime Called)> CallerGivesUpOnALateRefreshAsync(OAuthProviderFault fault = OAuthProviderFault.None)
    {
        var bed = await OAuthTestBed.StartAsync(
            new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromHours(1), FirstAccessTokenLifetime = TimeSpan.FromSeconds(50) });
        try
        {
            var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
            Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(linkUrl)).Status);
            bed.Provider.RefreshAnswerDelay = TimeSpan.FromSeconds(3);
            if (fault != OAuthProviderFault.None)
            {
                bed.Provider.FailNextRefreshes(fault);
            }

            using var impatient = bed.Server.CreateClient(bed.Server.ApiKey);
            impatient.Timeout = TimeSpan.FromSeconds(1);
            var called = DateTime.UtcNow;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bed.RequestAccessTokenAsync(company, connection, impatient));
            return (bed, company, connection, called);
        }
        catch
        {
            await bed.DisposeAsync();
            throw;
        }
    }
}
