using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Concurrency;

/// <summary>
/// Changes racing without <c>If-Match</c>: each applies atomically to whatever is current, so the end state is one
/// that some serial order of the same requests gives, stored credentials always match the status, and concurrent
/// writers never surface as a 5xx.
/// </summary>
public sealed class ConcurrentChangeTests
{
    private const int Rounds = 240;
    private const int RoundsAtOnce = 24;

    [Fact]
    public async Task UnlinkReauthorizeAndDelete_RacingOnOneConnection_EndAsSomeSerialOrderWould()
    {
        await using var server = await SwitchboardTestServer.StartAsync();
        var companyId = await server.Client.CreateCompanyIdAsync("Race track");
        var failures = new List<string>();
        // Rounds run a few at a time, each on its own connection: the races are within a round, and SQLite's lock
        // waits of one round overlap those of the others instead of adding up.
        for (var batch = 0; batch < Rounds / RoundsAtOnce && failures.Count == 0; batch++)
        {
            var outcomes = await Task.WhenAll(Enumerable.Range(batch * RoundsAtOnce, RoundsAtOnce).Select(round => RaceAsync(server, companyId, round)));
            failures.AddRange(outcomes.OfType<string>());
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task HundredParallelCreates_OnOneCompany_AllSucceedAndAreAllListed()
    {
        await using var server = await SwitchboardTestServer.StartAsync();
        var companyId = await server.Client.CreateCompanyIdAsync("Busy");

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => server.Client.PostAsync($"/companies/{companyId}/connections", Api.Json("""{"platformKey":"gbol"}"""))));

        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            ids.Add((await response.ReadObjectAsync(HttpStatusCode.OK)).Id());
        }

        Assert.Equal(100, ids.Count);
        var listed = await server.Client.GetObjectAsync($"/companies/{companyId}/connections?pageSize=5000");
        Assert.Equal(100, listed["totalResults"]!.GetValue<int>());
        Assert.Equal(ids.Order(StringComparer.Ordinal), listed["results"]!.AsArray().Select(c => c!.AsObject().Id()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ParallelAuthorizationsAndCompanyCreates_AllSucceed()
    {
        await using var server = await SwitchboardTestServer.StartAsync();
        var companyId = await server.Client.CreateCompanyIdAsync("Busy");
        var connections = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            // Plaid (banking): a company may link any number of banking connections, unlike accounting ones.
            connections.Add((await server.Client.CreateConnectionAsync(companyId, "suuo")).Id());
        }

        var requests = connections.Select(c => server.Client.AuthorizeAsync(companyId, c))
            .Concat(Enumerable.Range(0, 70).Select(i => server.Client.PostAsync("/companies", Api.Json($$$"""{"name":"Parallel {{{i}}}","tags":{"n":"{{{i}}}"}}"""))));
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(71, await server.Client.TotalResultsAsync("/companies"));
        Assert.Equal(30, await server.Client.TotalResultsAsync($"/companies/{companyId}/connections?query=status%3DLinked"));
    }

    [Fact]
    public async Task ParallelUpdates_OfOneCompany_EachSucceedOrConflictAndTheVersionCountsTheSuccesses()
    {
        await using var server = await SwitchboardTestServer.StartAsync();
        var created = await server.Client.PostAsync("/companies", Api.Json("""{"name":"Contended","tags":{"start":"yes"}}"""));
        var companyId = (await created.ReadObjectAsync(HttpStatusCode.OK)).Id();
        var firstVersion = Version(created.ETag());

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            server.Client.RequestAsync("PATCH", $"/companies/{companyId}", $$$"""{"name":"Writer {{{i}}}","tags":{"writer":"{{{i}}}"}}""")));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"Got {(int)r.StatusCode}: {r.Content.ReadAsStringAsync().Result}"));
        var succeeded = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.NotEmpty(succeeded);
        var versions = succeeded.Select(r => Version(r.ETag())).Order().ToList();
        Assert.Equal(Enumerable.Range(1, succeeded.Count).Select(n => firstVersion + n), versions);
        var last = succeeded.Single(r => Version(r.ETag()) == versions[^1]);
        var final = await server.Client.GetAsync($"/companies/{companyId}");
        Assert.Equal(last.ETag(), final.ETag());
        var lastBody = await last.ReadObjectAsync(HttpStatusCode.OK);
        var finalBody = await final.ReadObjectAsync(HttpStatusCode.OK);
        Assert.Equal(lastBody["name"].Str(), finalBody["name"].Str());
        Assert.Equal(lastBody["tags"]!.ToJsonString(), finalBody["tags"]!.ToJsonString());
    }

    /// <summary>
    /// One round: a fresh Linked connection, then unlink, re-authorize, a second unlink and (in two rounds of three) a
    /// delete, all at once. Null when the outcome fits a serial order; otherwise what went wrong.
    /// </summary>
    private static async Task<string?> RaceAsync(SwitchboardTestServer server, string companyId, int round)
    {
        var client = server.Client;
        // Plaid (banking): a company may link any number of banking connections, unlike accounting ones.
        var connectionId = (await client.CreateConnectionAsync(companyId, "suuo")).Id();
        var path = $"/companies/{companyId}/connections/{connectionId}";
        var linked = await client.AuthorizeAsync(companyId, connectionId);
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        var linkedVersion = Version(linked.ETag());
        // Rounds alternate: a plain delete, a delete guarded by the tag read before the race, no delete at all.
        var deletion = (round % 3) switch { 0 => "delete", 1 => "guarded delete", _ => null };
        var operations = new List<(string Name, Func<Task<HttpResponseMessage>> Send)>
        {
            ("unlink", () => client.UnlinkAsync(companyId, connectionId)),
            ("authorize", () => client.AuthorizeAsync(companyId, connectionId, new Dictionary<string, string> { ["accessToken"] = $"a{round}", ["refreshToken"] = "r" })),
            ("unlink", () => client.UnlinkAsync(companyId, connectionId)),
        };
        if (deletion is not null)
        {
            operations.Add((deletion, () => deletion == "delete"
                ? client.DeleteAsync(path)
                : client.RequestAsync("DELETE", path, null, (Requests.IfMatch, linked.ETag()!))));
        }

        // Start them in a different order each round, all before awaiting any.
        var started = operations.OrderBy(_ => Random.Shared.Next()).Select(o => (o.Name, Response: o.Send())).ToList();
        await Task.WhenAll(started.Select(s => s.Response));
        var results = new List<(string Name, int Status, long? Version, string? State)>();
        foreach (var (name, task) in started)
        {
            var response = await task;
            var text = await response.Content.ReadAsStringAsync();
            var state = name is "unlink" or "authorize" && response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(text)!["status"].Str() : null;
            results.Add((name, (int)response.StatusCode, response.ETag() is { } tag ? Version(tag) : null, state));
        }

        var final = await client.GetAsync(path);
        var row = await server.FindConnectionRowAsync(connectionId);
        var finalState = final.StatusCode == HttpStatusCode.OK ? (await final.ReadObjectAsync(HttpStatusCode.OK))["status"].Str() : null;
        var problem = Judge(results, linkedVersion, (int)final.StatusCode, final.ETag() is { } t ? Version(t) : null, finalState, row);
        return problem is null
            ? null
            : $"round {round}: {problem}; results {string.Join(", ", results.Select(r => $"{r.Name}={r.Status} v{r.Version} {r.State}"))}; final {(int)final.StatusCode} {finalState}";
    }

    /// <summary>Null when the results and the end state fit some serial order of the requests; otherwise what does not.</summary>
    private static string? Judge(
        List<(string Name, int Status, long? Version, string? State)> results, long linkedVersion, int finalStatus, long? finalVersion, string? finalState,
        Server.Connections.ConnectionEntity? row)
    {
        foreach (var (name, status, _, state) in results)
        {
            var allowed = name switch
            {
                "unlink" or "authorize" => status is 200 or 404,
                "delete" => status is 200,
                _ => status is 200 or 412,
            };
            if (!allowed)
            {
                return $"{name} answered {status}";
            }

            if (status == 200 && name == "unlink" && state != "Unlinked")
            {
                return $"unlink answered 200 with status {state}";
            }

            if (status == 200 && name == "authorize" && state != "Linked")
            {
                return $"authorize answered 200 with status {state}";
            }
        }

        var changes = results.Where(r => r.Name is "unlink" or "authorize" && r.Status == 200).ToList();
        if (changes.GroupBy(c => c.Version).Any(g => g.Select(c => c.State).Distinct().Count() > 1))
        {
            return "two answers show the same version with different statuses";
        }

        // Every change adds one to the version and a repeated unlink shows the one before it: no version is skipped.
        var versions = changes.Select(c => c.Version!.Value).Distinct().Order().ToList();
        if (versions.Count > 0 && (versions[0] != linkedVersion + 1 || versions[^1] != linkedVersion + versions.Count))
        {
            return $"the versions answered ({string.Join(",", versions)}) are not the consecutive ones after {linkedVersion}";
        }

        var deleted = results.Any(r => r.Name.EndsWith("delete", StringComparison.Ordinal) && r.Status == 200);
        if (deleted)
        {
            if (finalStatus != 404 || row is not null)
            {
                return $"deleted, yet GET answers {finalStatus} and the row {(row is null ? "is gone" : "exists")}";
            }

            if (results.Any(r => r.Name == "guarded delete" && r.Status == 200) && changes.Count > 0)
            {
                return "a delete guarded by the tag before the race succeeded although another change went first";
            }

            return null;
        }

        if (results.Any(r => r.Name == "guarded delete" && r.Status == 412) && changes.Count == 0)
        {
            return "the guarded delete failed its precondition although nothing else changed the connection";
        }

        if (finalStatus != 200 || row is null)
        {
            return $"nothing deleted it, yet GET answers {finalStatus}";
        }

        var lastChange = changes.MaxBy(c => c.Version);
        if (lastChange.Version != finalVersion || lastChange.State != finalState)
        {
            return $"the end state {finalState} v{finalVersion} is not the last change's {lastChange.State} v{lastChange.Version}";
        }

        if (row.Status.ToString() != finalState)
        {
            return $"GET shows {finalState} but the row is {row.Status}";
        }

        var holdsCredentials = row.Credentials is not null && row.CredentialKeyId is not null;
        return (finalState == "Linked") == holdsCredentials
            ? null
            : $"a {finalState} connection {(holdsCredentials ? "still holds" : "has lost")} its credentials";
    }

    private static long Version(string? etag)
    {
        Assert.NotNull(etag);
        return long.Parse(etag.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
