using System.Net;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.RateLimiting;

/// <summary>
/// The Link pages are end users' pages: they are limited per link, apart from the API's buckets, so neither key
/// guessing from an address nor one link's traffic can lock other end users out of theirs.
/// </summary>
public sealed class LinkRateLimitTests
{
    /// <summary>Small buckets, refilled too slowly to matter during a test.</summary>
    private static readonly Dictionary<string, string?> Limits = new()
    {
        ["Switchboard:RateLimits:UnauthenticatedBurst"] = "2",
        ["Switchboard:RateLimits:UnauthenticatedPermitsPerSecond"] = "0.001",
        ["Switchboard:RateLimits:LinkBurst"] = "3",
        ["Switchboard:RateLimits:LinkPermitsPerSecond"] = "0.001",
    };

    [Fact]
    public async Task LinkPage_AfterTheAddressUsedUpItsApiBucket_IsStillServed()
    {
        await using var server = await SwitchboardTestServer.StartAsync(Limits);
        var linkUrl = await LinkUrlAsync(server);
        using var guesser = server.CreateClient("guess_" + Guid.NewGuid().ToString("N"));
        for (var i = 0; i < 2; i++)
        {
            await guesser.GetAsync("/companies");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.GetAsync("/companies")).StatusCode);

        using var endUser = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await endUser.GetAsync(linkUrl)).StatusCode);
    }

    [Fact]
    public async Task LinkPage_OverItsLinksBurst_Returns429WhileOtherLinksAreServed()
    {
        await using var server = await SwitchboardTestServer.StartAsync(Limits);
        var busy = await LinkUrlAsync(server);
        var other = await LinkUrlAsync(server);
        using var endUser = new HttpClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await endUser.GetAsync(busy)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await endUser.GetAsync(other)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/companies")).StatusCode);
    }

    private static async Task<string> LinkUrlAsync(SwitchboardTestServer server)
    {
        var companyId = await server.Client.CreateCompanyIdAsync();
        return (await server.Client.CreateConnectionAsync(companyId, "mqjo"))["linkUrl"].Str();
    }
}
