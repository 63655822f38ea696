using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Server.Tests.OAuth;
using Xunit;

namespace Switchboard.Server.Tests.Processes;

/// <summary>
/// Two server processes on one database (PostgreSQL with <c>SWITCHBOARD_TEST_POSTGRES</c>), both refreshing, against a
/// real provider that rotates refresh tokens and refuses a spent one at once: a refresh token spent twice (two nodes
/// refreshing one connection) would show in the provider's count of reused tokens and end the connection.
/// </summary>
public sealed class OAuthMultiNodeTests
{
    private const int Connections = 20;

    [Fact]
    public async Task Two_Nodes_Refresh_Many_Short_Lived_Tokens_And_No_Refresh_Token_Is_Ever_Spent_Twice()
    {
        await using var shortLived = await OAuthProvider.StartAsync(new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromSeconds(3) });
        await using var longLived = await OAuthProvider.StartAsync(new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromSeconds(75) });
        await shortLived.RegisterClientAsync(new Uri(SharedDatabase.PublicBaseUrl));
        await longLived.RegisterClientAsync(new Uri(SharedDatabase.PublicBaseUrl));
        await using var database = await SharedDatabase.CreateAsync();
        var extra = new Dictionary<string, string>(database.NodeOptions.Extra)
        {
            ["Switchboard__Tokens__RefreshBefore"] = "00:00:02",
            ["Switchboard__Tokens__PollInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in shortLived.SwitchboardSettings("tprv").Concat(longLived.SwitchboardSettings("tpra")))
        {
            extra[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        var options = database.NodeOptions with { Extra = extra };
        await using var a = await ServerProcess.StartAsync(options);
        await using var b = await ServerProcess.StartAsync(options);
        using var clientA = a.CreateClient(database.ApiKey);
        using var clientB = b.CreateClient(database.ApiKey);

        var linked = new List<(string Company, string Connection)>();
        for (var i = 0; i < Connections; i++)
        {
            linked.Add(await LinkAsync(i % 2 == 0 ? clientA : clientB, i % 2 == 0 ? a : b, "tprv"));
        }

        // Every connection refreshed at least three times, by whichever node got there first.
        await OAuthTestBed.WaitUntilAsync(() => shortLived.Refreshes.Count == Connections && shortLived.Refreshes.Values.All(n => n >= 3), "every connection was refreshed three times", seconds: 120);

        Assert.Equal(0, shortLived.ReusedRefreshTokens);
        foreach (var (company, connection) in linked)
        {
            var current = await clientA.GetObjectAsync($"/companies/{company}/connections/{connection}");
            Assert.Equal("Linked", current["status"]!.GetValue<string>());
            Assert.Null(current["dataConnectionErrors"]);
        }

        // 50 concurrent accessToken calls across both nodes for a token within the 60-second margin: one refresh.
        var (longCompany, longConnection) = await LinkAsync(clientA, a, "tpra");
        var first = await (await clientB.PostAsync($"/companies/{longCompany}/connections/{longConnection}/accessToken", null)).ReadObjectAsync(HttpStatusCode.OK);
        var expiring = first["expiresAt"]!.GetValue<DateTime>().ToUniversalTime() - TimeSpan.FromSeconds(60);
        await OAuthTestBed.WaitUntilAsync(() => DateTime.UtcNow > expiring.AddMilliseconds(100), "the token is within the margin");
        var before = longLived.TotalRefreshes;

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
            await (await (i % 2 == 0 ? clientA : clientB).PostAsync($"/companies/{longCompany}/connections/{longConnection}/accessToken", null)).ReadObjectAsync(HttpStatusCode.OK)));

        Assert.Equal(before + 1, longLived.TotalRefreshes);
        Assert.Equal(0, longLived.ReusedRefreshTokens);
        Assert.Single(answers.Select(t => t["accessToken"]!.GetValue<string>()).Distinct());
    }

    /// <summary>Creates a connection through one node and links it as the end user would, through that node.</summary>
    private static async Task<(string Company, string Connection)> LinkAsync(HttpClient client, ServerProcess node, string platformKey)
    {
        var company = await client.CreateCompanyIdAsync();
        var connection = await client.CreateConnectionAsync(company, platformKey);
        // Links name the deployment's public URL; this test reaches the node directly.
        var linkUrl = new Uri(node.BaseAddress, new Uri(connection["linkUrl"]!.GetValue<string>()).PathAndQuery).AbsoluteUri;
        using var browser = LinkForms.CreateBrowserClient();
        using var connect = await LinkForms.SubmitFormAsync(browser, linkUrl, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, connect.StatusCode);
        using var consent = await browser.GetAsync(connect.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        var callback = new Uri(node.BaseAddress, consent.Headers.Location!.PathAndQuery);
        Assert.NotEmpty(QueryHelpers.ParseQuery(callback.Query)["code"].ToString());
        using var done = await browser.GetAsync(callback);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        return (company, connection.Id());
    }
}
