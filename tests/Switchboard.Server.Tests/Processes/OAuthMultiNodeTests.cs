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
    private const int Connections = 200;

    // Refreshed access tokens live 8 s and are refreshed 2 s before they end: one refresh per connection about every
    // 6 s. The first (from the code exchange) lives 15 s, so most links are made before the refreshes begin.
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan FirstTokenLifetime = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RefreshBefore = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Two_Nodes_Refresh_Each_Of_200_Connections_Exactly_Once_Per_Expiry_And_No_Refresh_Token_Is_Ever_Spent_Twice()
    {
        await using var shortLived = await OAuthProvider.StartAsync(
            new OAuthProviderOptions { AccessTokenLifetime = TokenLifetime, FirstAccessTokenLifetime = FirstTokenLifetime });
        await using var longLived = await OAuthProvider.StartAsync(new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromSeconds(75) });
        await shortLived.RegisterClientAsync(new Uri(SharedDatabase.PublicBaseUrl));
        await longLived.RegisterClientAsync(new Uri(SharedDatabase.PublicBaseUrl));
        await using var database = await SharedDatabase.CreateAsync();
        var extra = new Dictionary<string, string>(database.NodeOptions.Extra)
        {
            ["Switchboard__Tokens__RefreshBefore"] = RefreshBefore.ToString(),
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

        // Linked through both nodes, a few at a time as end users would; the first are refreshing while the last link.
        var linked = new (string Company, string Connection)[Connections];
        var linking = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForAsync(0, Connections, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            linked[i] = await LinkAsync(i % 2 == 0 ? clientA : clientB, i % 2 == 0 ? a : b, "tprv"));

        TestContext.Current.TestOutputHelper?.WriteLine($"{Connections} connections linked in {linking.Elapsed.TotalSeconds:0.0} s");

        // Every connection through two expiries, refreshed by whichever node got there first.
        await OAuthTestBed.WaitUntilAsync(
            () => shortLived.Refreshes.Count == Connections && shortLived.Refreshes.Values.All(n => n >= 2), "every connection was refreshed twice", seconds: 120);

        var issued = shortLived.IssuedAccessTokens;
        Assert.Equal(Connections, issued.Count);
        Assert.True(shortLived.ReusedRefreshTokens == 0, $"{shortLived.ReusedRefreshTokens} refresh tokens spent twice; the nodes warned:\n{Warnings(a)}\n{Warnings(b)}");
        var gaps = issued.Values.SelectMany(times => times.Skip(1).Zip(times.Skip(2), (before, after) => after - before)).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{issued.Values.Sum(t => t.Length - 1)} refreshes of {Connections} connections; interval between one connection's refreshes: " +
            $"shortest {gaps.Min().TotalSeconds:0.00} s, longest {gaps.Max().TotalSeconds:0.00} s (tokens live {TokenLifetime.TotalSeconds} s, refreshed {RefreshBefore.TotalSeconds} s before)");
        foreach (var (subject, times) in issued)
        {
            // Each token was replaced once, when it came due: a second refresh of the same token (two nodes, or one node
            // twice) would follow the first within moments and spend a spent refresh token.
            for (var i = 1; i < times.Length; i++)
            {
                // Due (lifetime - RefreshBefore) after the previous token was asked for; at least half that is one refresh
                // per expiry, whatever a busy machine adds (expires_in in whole seconds; Switchboard counts from when
                // it asked, which a loaded provider sees later). A second refresh of one expiry (another node, or the
                // same one twice) follows the first within moments. times[0] is the code exchange.
                var lifetime = i == 1 ? FirstTokenLifetime : TokenLifetime;
                Assert.True(times[i] - times[i - 1] >= (lifetime - RefreshBefore) / 2,
                    $"{subject}: refreshed {(times[i] - times[i - 1]).TotalMilliseconds:0} ms after its previous token was issued ({string.Join(", ", times.Select(t => t.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)))})");
            }
        }

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

    private static string Warnings(ServerProcess node) =>
        string.Join("\n", node.Output.Split('\n').Where(line => line.Contains("failed", StringComparison.OrdinalIgnoreCase) || line.StartsWith("fail", StringComparison.Ordinal)).Take(20));

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
