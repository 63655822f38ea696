using System.Net;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.RateLimiting;

/// <summary>
/// Behind a load balancer every request comes from its address: requests without a valid key are counted per client
/// address from <c>X-Forwarded-For</c>, but only when it comes from a proxy the operator trusts; anyone else's is ignored.
/// </summary>
public sealed class ForwardedHeadersTests
{
    /// <summary>Two requests without a valid key per address, refilled too slowly to matter during a test.</summary>
    private static Dictionary<string, string?> Limits(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Switchboard:RateLimits:UnauthenticatedBurst"] = "2",
            ["Switchboard:RateLimits:UnauthenticatedPermitsPerSecond"] = "0.001",
        };
        foreach (var (key, value) in more.Where(setting => setting.Value is not null))
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task ForwardedFor_FromATrustedProxy_GivesEachClientItsOwnBucket()
    {
        await using var server = await SwitchboardTestServer.StartAsync(Limits(("Switchboard:ForwardedHeaders:KnownProxies:0", "127.0.0.1")));

        var first = await GuessesAsync(server, "203.0.113.1", 3);
        var second = await GuessesAsync(server, "203.0.113.2", 2);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], first);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], second);
    }

    [Fact]
    public async Task ForwardedFor_FromATrustedNetwork_GivesEachClientItsOwnBucket()
    {
        await using var server = await SwitchboardTestServer.StartAsync(Limits(("Switchboard:ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8")));

        await GuessesAsync(server, "203.0.113.1", 2);

        Assert.Equal([HttpStatusCode.Unauthorized], await GuessesAsync(server, "203.0.113.2", 1));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("10.0.0.1")]
    public async Task ForwardedFor_FromAnUntrustedAddress_IsIgnored(string? trustedProxy)
    {
        await using var server = await SwitchboardTestServer.StartAsync(Limits(("Switchboard:ForwardedHeaders:KnownProxies:0", trustedProxy)));

        await GuessesAsync(server, "203.0.113.1", 2);

        Assert.Equal([HttpStatusCode.TooManyRequests], await GuessesAsync(server, "203.0.113.2", 1));
    }

    /// <summary>Requests with a wrong key, each claiming to be forwarded for <paramref name="client"/>.</summary>
    private static async Task<List<HttpStatusCode>> GuessesAsync(SwitchboardTestServer server, string client, int count)
    {
        using var guesser = server.CreateClient("guess_" + Guid.NewGuid().ToString("N"));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/companies");
            request.Headers.Add("X-Forwarded-For", client);
            statuses.Add((await guesser.SendAsync(request)).StatusCode);
        }

        return statuses;
    }
}
