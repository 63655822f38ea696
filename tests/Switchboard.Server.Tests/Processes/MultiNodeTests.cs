using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Switchboard.Server.Configuration;
using Switchboard.Server.Persistence;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Processes;

/// <summary>
/// Two server processes started at the same moment on one database (the suite's backend: one PostgreSQL database, or
/// one SQLite file in WAL mode shared by two processes), with one deployment's settings. What the database looked
/// like right after both started is kept for the start-up test.
/// </summary>
public sealed class TwoNodes : IAsyncLifetime
{
    public SharedDatabase Database { get; private set; } = null!;

    public ServerProcess A { get; private set; } = null!;

    public ServerProcess B { get; private set; } = null!;

    public HttpClient ClientA { get; private set; } = null!;

    public HttpClient ClientB { get; private set; } = null!;

    public List<long> MigrationVersionsAfterStart { get; private set; } = [];

    public long TenantsAfterStart { get; private set; }

    public long ApiKeysAfterStart { get; private set; }

    /// <summary>What each node had written by the time both served.</summary>
    public string[] OutputAfterStart { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        Database = await SharedDatabase.CreateAsync();
        // Both launched before either is awaited: their migrations and bootstrap run concurrently.
        var startA = ServerProcess.StartAsync(Database.NodeOptions);
        var startB = ServerProcess.StartAsync(Database.NodeOptions);
        try
        {
            await Task.WhenAll(startA, startB);
        }
        catch
        {
            foreach (var start in new[] { startA, startB }.Where(t => t.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync();
            }

            throw;
        }

        A = startA.Result;
        B = startB.Result;
        OutputAfterStart = [A.Output, B.Output];
        ClientA = A.CreateClient(Database.ApiKey);
        ClientB = B.CreateClient(Database.ApiKey);
        MigrationVersionsAfterStart = await Database.ColumnAsync("SELECT version FROM schema_migrations ORDER BY version");
        TenantsAfterStart = await Database.CountAsync("SELECT COUNT(*) FROM tenants");
        ApiKeysAfterStart = await Database.CountAsync("SELECT COUNT(*) FROM api_keys");
    }

    public async ValueTask DisposeAsync()
    {
        ClientA?.Dispose();
        ClientB?.Dispose();
        if (A is not null)
        {
            await A.DisposeAsync();
        }

        if (B is not null)
        {
            await B.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }
}

/// <summary>
/// Scale-out: requests for the same data alternate between two server processes on one database. Whatever one node
/// acknowledged, the other sees at once; nothing is lost to concurrency; tenancy and idempotency keys hold across
/// nodes. Runs on both backends (see <see cref="TwoNodes"/>).
/// </summary>
[LongRunning]
public sealed class MultiNodeTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    private readonly HttpClient _a = nodes.ClientA;
    private readonly HttpClient _b = nodes.ClientB;

    [Fact]
    public async Task TwoNodes_StartedTogether_ApplyEachMigrationOnceAndBootstrapOneKey()
    {
        var provider = nodes.Database.IsPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var expected = SchemaMigrator.LoadScripts(provider).Select(s => (long)s.Version).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, nodes.MigrationVersionsAfterStart);
        Assert.Equal(1, nodes.TenantsAfterStart);
        Assert.Equal(1, nodes.ApiKeysAfterStart);
        Assert.False(nodes.A.HasExited, nodes.A.Output);
        Assert.False(nodes.B.HasExited, nodes.B.Output);
        foreach (var output in nodes.OutputAfterStart)
        {
            Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
            Assert.DoesNotContain("fail:", output, StringComparison.Ordinal);
        }

        // Both serve the bootstrap key.
        (await _a.GetAsync("/companies")).EnsureSuccessStatusCode();
        (await _b.GetAsync("/companies")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Connection_LifecycleAlternatingBetweenNodes_EachNodeSeesTheOthersChanges()
    {
        var companyId = await _a.CreateCompanyIdAsync("Alternating Ltd");
        var created = await _a.CreateConnectionAsync(companyId);
        var id = created.Id();
        var path = $"/companies/{companyId}/connections/{id}";

        var readOnB = await _b.GetObjectAsync(path);
        Assert.Equal(created.ToJsonString(), readOnB.ToJsonString());
        Assert.Equal("PendingAuth", readOnB["status"].Str());

        var authorizedOnA = await (await _a.AuthorizeAsync(companyId, id)).ReadObjectAsync(HttpStatusCode.OK);
        Assert.Equal("Linked", authorizedOnA["status"].Str());
        Assert.Equal(authorizedOnA.ToJsonString(), (await _b.GetObjectAsync(path)).ToJsonString());

        var unlinkedOnB = await (await _b.UnlinkAsync(companyId, id)).ReadObjectAsync(HttpStatusCode.OK);
        Assert.Equal("Unlinked", unlinkedOnB["status"].Str());
        Assert.Equal(unlinkedOnB.ToJsonString(), (await _a.GetObjectAsync(path)).ToJsonString());
        var companyOnA = await _a.GetObjectAsync($"/companies/{companyId}");
        Assert.Equal("Unlinked", Assert.Single(companyOnA["dataConnections"]!.AsArray())!["status"].Str());

        // Unlinked on B, so unlinking again on A is the documented no-op.
        Assert.Equal("Unlinked", (await (await _a.UnlinkAsync(companyId, id)).ReadObjectAsync(HttpStatusCode.OK))["status"].Str());

        Assert.Equal(HttpStatusCode.OK, (await _a.DeleteAsync(path)).StatusCode);

        foreach (var client in new[] { _a, _b })
        {
            await (await client.GetAsync(path)).ReadErrorAsync(HttpStatusCode.NotFound);
            await (await client.UnlinkAsync(companyId, id)).ReadErrorAsync(HttpStatusCode.NotFound);
            await (await client.AuthorizeAsync(companyId, id)).ReadErrorAsync(HttpStatusCode.NotFound);
            await (await client.DeleteAsync(path)).ReadErrorAsync(HttpStatusCode.NotFound);
            var list = await client.GetObjectAsync($"/companies/{companyId}/connections");
            Assert.Equal(0, list["totalResults"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task CompanyDeletedOnOneNode_IsGoneWithItsConnectionsOnTheOther()
    {
        var companyId = await _b.CreateCompanyIdAsync("Short-lived Ltd");
        var linked = (await _a.CreateConnectionAsync(companyId)).Id();
        (await _b.AuthorizeAsync(companyId, linked)).EnsureSuccessStatusCode();
        var pending = (await _b.CreateConnectionAsync(companyId)).Id();

        Assert.Equal(HttpStatusCode.NoContent, (await _a.DeleteAsync($"/companies/{companyId}")).StatusCode);

        foreach (var client in new[] { _a, _b })
        {
            await (await client.GetAsync($"/companies/{companyId}")).ReadErrorAsync(HttpStatusCode.NotFound);
            await (await client.GetAsync($"/companies/{companyId}/connections/{linked}")).ReadErrorAsync(HttpStatusCode.NotFound);
            await (await client.GetAsync($"/companies/{companyId}/connections/{pending}")).ReadErrorAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal(0, await nodes.Database.CountAsync($"SELECT COUNT(*) FROM connections WHERE {IdIn(linked, pending)}"));
    }

    [Fact]
    public async Task Lists_ReadFromEitherNode_AreIdentical()
    {
        var prefix = "Listed-" + Guid.NewGuid().ToString("N")[..8];
        var companyIds = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            companyIds.Add(await (i % 2 == 0 ? _a : _b).CreateCompanyIdAsync($"{prefix}-{i}"));
        }

        var connectionIds = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            connectionIds.Add((await (i % 2 == 0 ? _b : _a).CreateConnectionAsync(companyIds[0])).Id());
        }

        (await _a.AuthorizeAsync(companyIds[0], connectionIds[1])).EnsureSuccessStatusCode();

        var query = Uri.EscapeDataString($"name~{prefix}");
        var seen = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var onA = await _a.GetObjectAsync($"/companies?query={query}&pageSize=3&page={page}");
            var onB = await _b.GetObjectAsync($"/companies?query={query}&pageSize=3&page={page}");
            Assert.Equal(onA.ToJsonString(), onB.ToJsonString());
            Assert.Equal(7, onA["totalResults"]!.GetValue<int>());
            seen.AddRange(onA["results"]!.AsArray().Select(c => c!["id"].Str()));
        }

        Assert.Equal(companyIds, seen);

        var connectionsOnA = await _a.GetObjectAsync($"/companies/{companyIds[0]}/connections?orderBy=-created");
        var connectionsOnB = await _b.GetObjectAsync($"/companies/{companyIds[0]}/connections?orderBy=-created");
        Assert.Equal(connectionsOnA.ToJsonString(), connectionsOnB.ToJsonString());
        Assert.Equal(5, connectionsOnA["totalResults"]!.GetValue<int>());
        Assert.Equal(Enumerable.Reverse(connectionIds), connectionsOnA["results"]!.AsArray().Select(c => c!["id"].Str()));
        Assert.Equal("Linked", connectionsOnB["results"]!.AsArray().Single(c => c!["id"].Str() == connectionIds[1])!["status"].Str());
    }

    [Fact]
    public async Task ConcurrentCreates_FiftyOnEachNodeAtOnce_LoseNothing()
    {
        var prefix = "Concurrent-" + Guid.NewGuid().ToString("N")[..8];
        var companyId = await _a.CreateCompanyIdAsync("Parent of " + prefix);

        var connectionCreates = Enumerable.Range(0, 100).Select(i => (i % 2 == 0 ? _a : _b).CreateConnectionAsync(companyId));
        var companyCreates = Enumerable.Range(0, 100).Select(i => (i % 2 == 0 ? _b : _a).CreateCompanyAsync($"{prefix}-{i}"));
        var connections = await Task.WhenAll(connectionCreates);
        var companies = await Task.WhenAll(companyCreates);

        var connectionIds = connections.Select(c => c.Id()).ToHashSet();
        var companyIds = companies.Select(c => c.Id()).ToHashSet();
        Assert.Equal(100, connectionIds.Count);
        Assert.Equal(100, companyIds.Count);
        var query = Uri.EscapeDataString($"name~{prefix}-");
        foreach (var client in new[] { _a, _b })
        {
            var connectionList = await client.GetObjectAsync($"/companies/{companyId}/connections?pageSize=5000");
            Assert.Equal(100, connectionList["totalResults"]!.GetValue<int>());
            Assert.Equal(connectionIds, connectionList["results"]!.AsArray().Select(c => c!["id"].Str()).ToHashSet());

            var companyList = await client.GetObjectAsync($"/companies?pageSize=5000&query={query}");
            Assert.Equal(100, companyList["totalResults"]!.GetValue<int>());
            Assert.Equal(companyIds, companyList["results"]!.AsArray().Select(c => c!["id"].Str()).ToHashSet());
        }
    }

    [Fact]
    public async Task ConcurrentLifecycleChanges_OnBothNodes_LeaveEveryConnectionInItsLastAcknowledgedState()
    {
        var companyId = await _b.CreateCompanyIdAsync("Busy Ltd");
        // Plaid (banking): a company may link any number of banking connections, unlike accounting ones.
        var ids = (await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? _a : _b).CreateConnectionAsync(companyId, "suuo")))).Select(c => c.Id()).ToList();

        // Each connection is driven by one node, alternating per connection: authorize, unlink, and for every
        // third one delete; all twenty run at once, half on each node.
        var final = await Task.WhenAll(ids.Select(async (id, i) =>
        {
            var client = i % 2 == 0 ? _a : _b;
            (await client.AuthorizeAsync(companyId, id)).EnsureSuccessStatusCode();
            (await client.UnlinkAsync(companyId, id)).EnsureSuccessStatusCode();
            if (i % 3 == 0)
            {
                (await client.DeleteAsync($"/companies/{companyId}/connections/{id}")).EnsureSuccessStatusCode();
                return (id, (string?)null);
            }

            (await client.AuthorizeAsync(companyId, id)).EnsureSuccessStatusCode();
            return (id, "Linked");
        }));

        foreach (var client in new[] { _a, _b })
        {
            var list = await client.GetObjectAsync($"/companies/{companyId}/connections?pageSize=100");
            var listed = list["results"]!.AsArray().ToDictionary(c => c!["id"].Str(), c => c!["status"].Str());
            Assert.Equal(
                final.Where(f => f.Item2 is not null).ToDictionary(f => f.id, f => f.Item2!).OrderBy(p => p.Key, StringComparer.Ordinal),
                listed.OrderBy(p => p.Key, StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task ConflictingChanges_ToOneConnectionFromBothNodesAtOnce_NeverHalfApplyOrResurrect()
    {
        var companyId = await _a.CreateCompanyIdAsync("Contested Ltd");
        var ids = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            // Plaid (banking): a company may link any number of banking connections, unlike accounting ones.
            var id = (await _b.CreateConnectionAsync(companyId, "suuo")).Id();
            (await _a.AuthorizeAsync(companyId, id)).EnsureSuccessStatusCode();
            ids.Add(id);
        }

        // Per connection, at the same moment: unlink on A, re-authorize on B, unlink on B, re-authorize on A, and for
        // half of them a delete on A. Each may win or lose the race; none may fail otherwise or leave a mixed row.
        var outcomes = await Task.WhenAll(ids.Select(async (id, i) =>
        {
            var path = $"/companies/{companyId}/connections/{id}";
            var requests = new List<Task<HttpResponseMessage>>
            {
                _a.UnlinkAsync(companyId, id),
                _b.AuthorizeAsync(companyId, id),
                _b.UnlinkAsync(companyId, id),
                _a.AuthorizeAsync(companyId, id),
            };
            if (i % 2 == 0)
            {
                requests.Add(_a.DeleteAsync(path));
            }

            var responses = await Task.WhenAll(requests);
            var answers = new List<string>();
            foreach (var response in responses)
            {
                answers.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            return (id, deleted: i % 2 == 0, codes: responses.Select(r => (int)r.StatusCode).ToList(), answers);
        }));

        foreach (var (id, deleted, codes, answers) in outcomes)
        {
            var described = "unlink on A, authorize on B, unlink on B, authorize on A" + (deleted ? ", delete on A" : string.Empty) + " answered:\n" + string.Join("\n", answers);
            Assert.True(codes.All(code => code is 200 or 404 or 409), described);
            var path = $"/companies/{companyId}/connections/{id}";
            if (deleted)
            {
                Assert.Equal(200, codes[^1]);
                await (await _a.GetAsync(path)).ReadErrorAsync(HttpStatusCode.NotFound);
                await (await _b.GetAsync(path)).ReadErrorAsync(HttpStatusCode.NotFound);
            }
            else
            {
                // Without a delete, each of the four is valid in any order: unlink a Linked (or already Unlinked)
                // connection, authorize it. A 409 here says "only a Linked connection can be unlinked" of a Linked one.
                Assert.True(codes.All(code => code == 200), described);
                var onA = await _a.GetObjectAsync(path);
                Assert.Equal(onA.ToJsonString(), (await _b.GetObjectAsync(path)).ToJsonString());
                Assert.Contains(onA["status"].Str(), new[] { "Linked", "Unlinked" });
            }
        }

        // Credentials exactly where the status says: never Linked without them, never Unlinked with them.
        Assert.Equal(0, await nodes.Database.CountAsync(
            $"SELECT COUNT(*) FROM connections WHERE {IdIn([.. ids])} AND ((status = 'Linked' AND credentials IS NULL) OR (status <> 'Linked' AND credentials IS NOT NULL))"));
        Assert.Equal(ids.Count / 2, await nodes.Database.CountAsync($"SELECT COUNT(*) FROM connections WHERE {IdIn([.. ids])}"));
    }

    [Fact]
    public async Task CompanyDeletedOnOneNode_WhileTheOtherAddsConnections_LeavesNoOrphans()
    {
        var companyId = await _a.CreateCompanyIdAsync("Vanishing Ltd");
        var creates = Enumerable.Range(0, 40)
            .Select(i => (i % 2 == 0 ? _a : _b).PostAsync($"/companies/{companyId}/connections", Api.Json("""{"platformKey":"gbol"}""")))
            .ToList();
        var delete = _b.DeleteAsync($"/companies/{companyId}");

        Assert.Equal(HttpStatusCode.NoContent, (await delete).StatusCode);
        foreach (var response in await Task.WhenAll(creates))
        {
            // Before the delete: created (and then deleted with the company); after it: the company is not found.
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var id = (await response.ReadObjectAsync(HttpStatusCode.OK)).Id();
                await (await _a.GetAsync($"/companies/{companyId}/connections/{id}")).ReadErrorAsync(HttpStatusCode.NotFound);
            }
            else
            {
                await response.ReadErrorAsync(HttpStatusCode.NotFound);
            }
        }

        var companyColumn = nodes.Database.IsPostgres ? $"company_id = '{Guid.Parse(companyId)}'::uuid" : $"upper(company_id) = '{companyId.ToUpperInvariant()}'";
        Assert.Equal(0, await nodes.Database.CountAsync($"SELECT COUNT(*) FROM connections WHERE {companyColumn}"));
    }

    [Fact]
    public async Task SecondTenant_OnTheOtherNode_CannotSeeOrChangeTheFirstTenantsData()
    {
        var companyId = await _a.CreateCompanyIdAsync("Tenant One Ltd");
        var connectionId = (await _a.CreateConnectionAsync(companyId)).Id();
        (await _a.AuthorizeAsync(companyId, connectionId)).EnsureSuccessStatusCode();

        var otherKey = await nodes.Database.CreateTenantAsync("Tenant Two");
        using var other = nodes.B.CreateClient(otherKey);
        var connectionPath = $"/companies/{companyId}/connections/{connectionId}";

        await (await other.GetAsync($"/companies/{companyId}")).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync(connectionPath)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/companies/{companyId}/connections")).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await other.UnlinkAsync(companyId, connectionId)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await other.AuthorizeAsync(companyId, connectionId)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await other.DeleteAsync(connectionPath)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await other.DeleteAsync($"/companies/{companyId}")).ReadErrorAsync(HttpStatusCode.NotFound);
        var otherList = await other.GetObjectAsync("/companies?pageSize=5000");
        Assert.Equal(0, otherList["totalResults"]!.GetValue<int>());
        var ownCompany = await other.CreateCompanyIdAsync("Tenant Two Ltd");

        // Tenant one still has everything, on both nodes, and cannot see tenant two's company.
        foreach (var client in new[] { _a, _b })
        {
            Assert.Equal("Linked", (await client.GetObjectAsync(connectionPath))["status"].Str());
            await (await client.GetAsync($"/companies/{ownCompany}")).ReadErrorAsync(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task ApiKey_CreatedOnOneNode_WorksOnTheOtherAndDeletedOnTheOtherStopsWorking()
    {
        var companyId = await _a.CreateCompanyIdAsync("Keyed Ltd");
        var created = await (await _a.PostAsJsonAsync("/apiKeys", new { name = "second node key" })).ReadObjectAsync(HttpStatusCode.Created);
        var key = created["apiKey"].Str();
        using var withNewKey = nodes.B.CreateClient(key);

        Assert.Equal(companyId, (await withNewKey.GetObjectAsync($"/companies/{companyId}")).Id());

        Assert.Equal(HttpStatusCode.NoContent, (await withNewKey.DeleteAsync($"/apiKeys/{created.Id()}")).StatusCode);
        using var onA = nodes.A.CreateClient(key);
        await (await onA.GetAsync($"/companies/{companyId}")).ReadErrorAsync(HttpStatusCode.Unauthorized);
        await (await withNewKey.GetAsync($"/companies/{companyId}")).ReadErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task IdempotencyKey_RepeatedOnTheOtherNode_ReplaysTheFirstResponse()
    {
        var name = "Idempotent-" + Guid.NewGuid().ToString("N")[..8];
        var key = Guid.NewGuid().ToString();

        var first = await PostWithKeyAsync(_a, "/companies", key, $$"""{"name":"{{name}}"}""");
        var firstBody = await first.ReadObjectAsync(HttpStatusCode.OK);
        var repeat = await PostWithKeyAsync(_b, "/companies", key, $$"""{"name":"{{name}}"}""");
        var repeatBody = await repeat.ReadObjectAsync(HttpStatusCode.OK);

        Assert.Equal(firstBody.ToJsonString(), repeatBody.ToJsonString());
        Assert.Equal("true", Assert.Single(repeat.Headers.GetValues("Idempotent-Replayed")));
        var listed = await _b.GetObjectAsync($"/companies?query={Uri.EscapeDataString($"name={name}")}");
        Assert.Equal(1, listed["totalResults"]!.GetValue<int>());

        await (await PostWithKeyAsync(_b, "/companies", key, $$"""{"name":"{{name}} changed"}""")).ReadErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await PostWithKeyAsync(_a, "/companies", key, $$"""{"name":"{{name}} changed"}""")).ReadErrorAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task IdempotencyKey_SentToBothNodesAtOnce_ActsOnce()
    {
        var companyId = await _a.CreateCompanyIdAsync("Racing keys Ltd");
        var key = Guid.NewGuid().ToString();
        var path = $"/companies/{companyId}/connections";

        var responses = await Task.WhenAll(
            PostWithKeyAsync(_a, path, key, """{"platformKey":"gbol"}"""),
            PostWithKeyAsync(_b, path, key, """{"platformKey":"gbol"}"""));

        // One acts; the other replays it, or (if it ran out of patience while the first still ran) answers 409.
        var bodies = new List<JsonObject>();
        foreach (var response in responses)
        {
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                await response.ReadErrorAsync(HttpStatusCode.Conflict);
            }
            else
            {
                bodies.Add(await response.ReadObjectAsync(HttpStatusCode.OK));
            }
        }

        Assert.NotEmpty(bodies);
        Assert.Single(bodies.Select(b => b.Id()).Distinct());
        var list = await _b.GetObjectAsync(path);
        Assert.Equal(1, list["totalResults"]!.GetValue<int>());
    }

    private static async Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, string path, string idempotencyKey, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Api.Json(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }

    /// <summary>A SQL condition on <c>id</c> that works on both backends (SQLite stores GUIDs as upper-case text).</summary>
    private string IdIn(params string[] ids) => nodes.Database.IsPostgres
        ? $"id IN ({string.Join(", ", ids.Select(i => $"'{Guid.Parse(i)}'::uuid"))})"
        : $"upper(id) IN ({string.Join(", ", ids.Select(i => $"'{Guid.Parse(i).ToString().ToUpperInvariant()}'"))})";
}
