using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Server.Tests.OAuth;
using Xunit;

namespace Switchboard.Server.Tests.Processes;

/// <summary>
/// Two server processes on one database (PostgreSQL with <c>SWITCHBOARD_TEST_POSTGRES</c>), both refreshing, against a
/// real provider that rotates refresh tokens and refuses a spent one at once: a refresh token spent twice (two nodes
/// refreshing one connection) would show in the provider's count of reused tokens and end the connection. Beside it,
/// a platform whose refresh answers carry no refresh token, and at the end revocation of some grants.
/// </summary>
[LongRunning]
public sealed class OAuthMultiNodeTests
{
    private const int Connections = 200;
    private const int KeepingConnections = 20;
    private const int Revoked = 20;

    // Refreshed access tokens live 8 s and are refreshed 2 s before they end: one refresh per connection about every
    // 6 s. The first (from the code exchange) lives 15 s, so most links are made before the refreshes begin.
    // Not the issue's 2-s tokens: on the shared 2-core test machine (load average 25-30), 2-s tokens refreshed 1 s before
    // (about 200 refreshes/s) left linking the 220 connections 319 s and the refreshes never caught up within 120 s;
    // 4-s tokens refreshed 1 s before (about 70/s) fell up to 14 s behind, and a provider answering that slowly tells a
    // shorter expires_in (counted when it answers), so a correct refresh came 1.4 s after the previous one, under the
    // bound below (then half the interval) that tells one refresh per expiry from two. 8 s holds: a double refresh still shows,
    // in the rotating provider's count of reused refresh tokens as in the intervals.
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan FirstTokenLifetime = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RefreshBefore = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Two_Nodes_Refresh_Each_Of_200_Connections_Exactly_Once_Per_Expiry_And_No_Refresh_Token_Is_Ever_Spent_Twice()
    {
        await using var shortLived = await OAuthProvider.StartAsync(
            new OAuthProviderOptions { AccessTokenLifetime = TokenLifetime, FirstAccessTokenLifetime = FirstTokenLifetime });
        await using var keeping = await OAuthProvider.StartAsync(new OAuthProviderOptions
        {
            AccessTokenLifetime = TokenLifetime, FirstAccessTokenLifetime = FirstTokenLifetime, RefreshTokens = RefreshTokenMode.Omit,
        });
        await using var longLived = await OAuthProvider.StartAsync(new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromSeconds(75) });
        await shortLived.RegisterClientAsync(new Uri(SharedDatabase.PublicBaseUrl));
        await keeping.RegisterClientAsync(new Uri(SharedDatabase.PublicBaseUrl));
        await longLived.RegisterClientAsync(new Uri(SharedDatabase.PublicBaseUrl));
        await using var database = await SharedDatabase.CreateAsync();
        var extra = new Dictionary<string, string>(database.NodeOptions.Extra)
        {
            ["Switchboard__Tokens__RefreshBefore"] = RefreshBefore.ToString(),
            // No jitter (RefreshSpreadTests covers it): each token comes due exactly lifetime - RefreshBefore after it
            // was asked for, so the intervals below measure the provider's lag, not a random draw of up to 2 s more.
            ["Switchboard__Tokens__RefreshJitter"] = "00:00:00",
            ["Switchboard__Tokens__PollInterval"] = "00:00:00.200",
            // Longer than the default 15 s: the provider shares this loaded machine, and an answer it gives after the
            // caller gave up has spent the rotated refresh token (the caveat in the README), ending that connection.
            ["Switchboard__Tokens__HttpTimeout"] = "00:01:00",
        };
        foreach (var (key, value) in shortLived.SwitchboardSettings("tprv").Concat(keeping.SwitchboardSettings("tprk")).Concat(longLived.SwitchboardSettings("tpra")))
        {
            extra[key.Replace(":", "__", StringComparison.Ordinal)] = value!;
        }

        var options = database.NodeOptions with { Extra = extra };
        await using var a = await ServerProcess.StartAsync(options);
        await using var b = await ServerProcess.StartAsync(options);
        using var clientA = a.CreateClient(database.ApiKey);
        using var clientB = b.CreateClient(database.ApiKey);

        // Linked through both nodes, a few at a time as end users would; the first are refreshing while the last link.
        var linked = new (string Company, string Connection)[Connections + KeepingConnections];
        var linking = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForAsync(0, linked.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            linked[i] = await LinkAsync(i % 2 == 0 ? clientA : clientB, i % 2 == 0 ? a : b, i < Connections ? "tprv" : "tprk"));

        TestContext.Current.TestOutputHelper?.WriteLine($"{linked.Length} connections linked in {linking.Elapsed.TotalSeconds:0.0} s");

        // Every connection through two expiries, refreshed by whichever node got there first.
        await OAuthTestBed.WaitUntilAsync(
            () => shortLived.Refreshes.Count == Connections && shortLived.Refreshes.Values.All(n => n >= 2)
                && keeping.Refreshes.Count == KeepingConnections && keeping.Refreshes.Values.All(n => n >= 2),
            "every connection was refreshed twice", seconds: 120,
            () => $"Refreshed fewer than twice: {Connections - shortLived.Refreshes.Values.Count(n => n >= 2)} of {Connections} rotating, " +
                $"{KeepingConnections - keeping.Refreshes.Values.Count(n => n >= 2)} of {KeepingConnections} without refresh tokens; " +
                $"{shortLived.ReusedRefreshTokens} refresh tokens presented twice; the nodes warned:\n{Warnings(a)}\n{Warnings(b)}");

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
                // Due (lifetime - RefreshBefore) after the previous token was asked for; at least a third of that is one
                // refresh per expiry, whatever a busy machine adds (expires_in in whole seconds; Switchboard counts from
                // when it asked, which a loaded provider sees later: up to 3.6 s later on this machine, seen once). A
                // second refresh of one expiry (another node, or the same one twice) follows the first within a poll
                // (200 ms) and a round trip. times[0] is the code exchange.
                var lifetime = i == 1 ? FirstTokenLifetime : TokenLifetime;
                Assert.True(times[i] - times[i - 1] >= (lifetime - RefreshBefore) / 3,
                    $"{subject}: refreshed {(times[i] - times[i - 1]).TotalMilliseconds:0} ms after its previous token was issued ({string.Join(", ", times.Select(t => t.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)))})");
            }
        }

        // Refresh answers without a refresh token: each connection kept presenting the one its code exchange gave.
        foreach (var (subject, redeemed) in keeping.RedeemedRefreshTokens)
        {
            Assert.True(redeemed.Distinct(StringComparer.Ordinal).Count() == 1, $"{subject} presented {redeemed.Distinct(StringComparer.Ordinal).Count()} refresh tokens");
        }

        foreach (var (company, connection) in linked)
        {
            var current = await clientA.GetObjectAsync($"/companies/{company}/connections/{connection}");
            Assert.Equal("Linked", current["status"]!.GetValue<string>());
            Assert.Null(current["dataConnectionErrors"]);
        }

        await RevokeSomeAsync(shortLived, clientA, clientB, linked[..Connections]);

        // 50 concurrent accessToken calls across both nodes for a token within the 60-second margin: one refresh.
        var (longCompany, longConnection) = await LinkAsync(clientA, a, "tpra");
        var first = await (await clientB.PostAsync($"/companies/{longCompany}/connections/{longConnection}/accessToken", null)).ReadObjectAsync(HttpStatusCode.OK);
        var expiring = first["expiresAt"]!.GetValue<DateTime>().ToUniversalTime() - TimeSpan.FromSeconds(60);
        await OAuthTestBed.WaitUntilAsync(() => DateTime.UtcNow > expiring.AddMilliseconds(100), "the token is within the margin");
        var before = longLived.TotalRefreshes;

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            (i % 2 == 0 ? clientA : clientB).PostAsync($"/companies/{longCompany}/connections/{longConnection}/accessToken", null)));
        Assert.True(
            responses.All(r => r.StatusCode == HttpStatusCode.OK),
            $"Answers {string.Join(", ", responses.Select(r => (int)r.StatusCode).Distinct())}; the platform answered {string.Join(", ", longLived.TokenRequests.Select(r => r.Answer))}; the nodes warned:\n{Warnings(a)}\n{Warnings(b)}");
        var answers = await Task.WhenAll(responses.Select(r => r.ReadObjectAsync(HttpStatusCode.OK)));

        Assert.Equal(before + 1, longLived.TotalRefreshes);
        Assert.Equal(0, longLived.ReusedRefreshTokens);
        Assert.Single(answers.Select(t => t["accessToken"]!.GetValue<string>()).Distinct());
    }

    /// <summary>
    /// The platform revokes every tenth connection's grant: each of those becomes Deauthorized with an entry, through
    /// whichever node refreshed it; the others stay Linked and go on refreshing.
    /// </summary>
    private static async Task RevokeSomeAsync(OAuthProvider provider, HttpClient clientA, HttpClient clientB, (string Company, string Connection)[] linked)
    {
        var revoked = linked.Where((_, i) => i % (Connections / Revoked) == 0).ToArray();
        var subjects = new List<string>();
        foreach (var (company, connection) in revoked)
        {
            var token = await (await clientB.PostAsync($"/companies/{company}/connections/{connection}/accessToken", null)).ReadObjectAsync(HttpStatusCode.OK);
            subjects.Add(await provider.SubjectOfAsync(token["accessToken"]!.GetValue<string>()) ?? throw new InvalidOperationException("The stored token does not work."));
        }

        var refreshesBefore = provider.Refreshes.ToDictionary(StringComparer.Ordinal);
        foreach (var subject in subjects)
        {
            await provider.RevokeSubjectAsync(subject);
        }

        foreach (var (company, connection) in revoked)
        {
            var deauthorized = await OAuthTestBed.WaitForConnectionAsync(clientA, company, connection, c => c["status"]!.GetValue<string>() == "Deauthorized");
            var error = Assert.Single(deauthorized["dataConnectionErrors"]!.AsArray())!;
            Assert.Contains("invalid_grant", error["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        // Every other connection refreshed again since, and still Linked without an error.
        await OAuthTestBed.WaitUntilAsync(
            () => refreshesBefore.Keys.Except(subjects).All(subject => provider.Refreshes[subject] > refreshesBefore[subject]),
            "every connection not revoked was refreshed again", seconds: 60);
        Assert.Equal(0, provider.ReusedRefreshTokens);
        foreach (var (company, connection) in linked.Except(revoked))
        {
            var current = await clientA.GetObjectAsync($"/companies/{company}/connections/{connection}");
            Assert.Equal("Linked", current["status"]!.GetValue<string>());
            Assert.Null(current["dataConnectionErrors"]);
        }
    }

    private static string Warnings(ServerProcess node) =>
        string.Join("\n", node.Output.Split('\n').Where(line => line.Contains("failed", StringComparison.OrdinalIgnoreCase) || line.StartsWith("fail", StringComparison.Ordinal)).TakeLast(20));

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
