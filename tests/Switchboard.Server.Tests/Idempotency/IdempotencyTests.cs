using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Idempotency;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on POST and PATCH: a repeat gets the first response and does not act again, whatever the
/// timing (concurrent duplicates, a restart in between); a different request with the key is a 422; a repeat while
/// the first still runs is a 409; a refused (429) request is not remembered; keys belong to one tenant.
/// </summary>
public sealed class IdempotencyTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Replayed = "Idempotent-Replayed";
    private const string StoredResponse = "the stored response";

    private readonly SwitchboardTestServer _server = shared.Server;

    public static TheoryData<string> Operations => ["create company", "create connection", "update company", "unlink connection"];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Repeat_WithTheSameKeyAndBody_ReplaysTheFirstResponseWithoutActingAgain(string operation)
    {
        var tenant = await _server.NewTenantAsync();
        var (method, path, body, state) = await PrepareAsync(tenant.Client, operation);
        var key = Guid.NewGuid().ToString();

        var first = await tenant.Client.RequestAsync(method, path, body, (Requests.IdempotencyKey, key));
        var firstBody = await first.Content.ReadAsByteArrayAsync();
        var stateAfterFirst = await state();
        var repeat = await tenant.Client.RequestAsync(method, path, body, (Requests.IdempotencyKey, key));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Null(first.Header(Replayed));
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal("true", repeat.Header(Replayed));
        Assert.Equal(firstBody, await repeat.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Content.Headers.ContentType, repeat.Content.Headers.ContentType);
        Assert.Equal(first.ETag(), repeat.ETag());
        Assert.Equal(stateAfterFirst, await state());
    }

    [Fact]
    public async Task Repeat_OfAClientError_ReplaysTheSameError()
    {
        var tenant = await _server.NewTenantAsync();
        var key = Guid.NewGuid().ToString();

        var first = await tenant.Client.RequestAsync("POST", "/companies", """{"name":" "}""", (Requests.IdempotencyKey, key));
        var repeat = await tenant.Client.RequestAsync("POST", "/companies", """{"name":" "}""", (Requests.IdempotencyKey, key));

        await first.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.BadRequest, repeat.StatusCode);
        Assert.Equal("true", repeat.Header(Replayed));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("POST", "/companies", """{"name":"Second body"}""")]
    [InlineData("POST", "/companies", """{"name":"First body" }""")]
    [InlineData("PATCH", "/companies/{company}", """{"name":"First body"}""")]
    [InlineData("POST", "/companies/{company}/connections", """{"platformKey":"gbol"}""")]
    public async Task Repeat_WithADifferentRequest_Returns422AndDoesNotAct(string method, string path, string body)
    {
        var tenant = await _server.NewTenantAsync();
        var companyId = await tenant.Client.CreateCompanyIdAsync("Existing");
        var key = Guid.NewGuid().ToString();
        var first = await tenant.Client.RequestAsync("POST", "/companies", """{"name":"First body"}""", (Requests.IdempotencyKey, key));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var response = await tenant.Client.RequestAsync(method, path.Replace("{company}", companyId, StringComparison.Ordinal), body, (Requests.IdempotencyKey, key));

        var error = await response.ReadErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(Requests.IdempotencyKey, error.Error(), StringComparison.Ordinal);
        Assert.Equal(2, await tenant.Client.TotalResultsAsync("/companies"));
        Assert.Equal("Existing", (await tenant.Client.GetObjectAsync($"/companies/{companyId}"))["name"].Str());
        Assert.Equal(0, await tenant.Client.TotalResultsAsync($"/companies/{companyId}/connections"));
    }

    [Theory]
    [InlineData("POST", "not-a-guid")]
    [InlineData("POST", "")]
    [InlineData("POST", "12345")]
    [InlineData("POST", "8a210b68-6988-11ed-a1eb-0242ac12000")]
    [InlineData("POST", "8a210b68-6988-11ed-a1eb-0242ac120002x")]
    [InlineData("PATCH", "{8a210b68-6988-11ed-a1eb-0242ac12000Z}")]
    public async Task Key_ThatIsNotAGuid_Returns400NamingTheHeaderAndDoesNotAct(string method, string key)
    {
        var tenant = await _server.NewTenantAsync();
        var companyId = await tenant.Client.CreateCompanyIdAsync("Before");
        var path = method == "POST" ? "/companies" : $"/companies/{companyId}";

        var response = await tenant.Client.RequestAsync(method, path, """{"name":"After"}""", (Requests.IdempotencyKey, key));

        var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains(Requests.IdempotencyKey, error.Error(), StringComparison.Ordinal);
        Assert.Equal(1, await tenant.Client.TotalResultsAsync("/companies"));
        Assert.Equal("Before", (await tenant.Client.GetObjectAsync($"/companies/{companyId}"))["name"].Str());
    }

    [Fact]
    public async Task SameKey_FromAnotherTenant_ActsIndependently()
    {
        var first = await _server.NewTenantAsync("First");
        var second = await _server.NewTenantAsync("Second");
        var key = Guid.NewGuid().ToString();
        const string body = """{"name":"Same body"}""";
        var firstResponse = await first.Client.RequestAsync("POST", "/companies", body, (Requests.IdempotencyKey, key));

        var secondResponse = await second.Client.RequestAsync("POST", "/companies", body, (Requests.IdempotencyKey, key));

        var firstCompany = await firstResponse.ReadObjectAsync(HttpStatusCode.OK);
        var secondCompany = await secondResponse.ReadObjectAsync(HttpStatusCode.OK);
        Assert.Null(secondResponse.Header(Replayed));
        Assert.NotEqual(firstCompany.Id(), secondCompany.Id());
        Assert.Equal(1, await first.Client.TotalResultsAsync("/companies"));
        Assert.Equal(1, await second.Client.TotalResultsAsync("/companies"));
        await (await second.Client.GetAsync($"/companies/{firstCompany.Id()}")).ReadErrorAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/companies", """{"name":"Only once"}""")]
    [InlineData("/companies/{company}/connections", """{"platformKey":"gbol"}""")]
    public async Task ConcurrentDuplicates_CreateExactlyOneResourceAndAllGetTheSameAnswer(string path, string body)
    {
        var tenant = await _server.NewTenantAsync();
        var companyId = await tenant.Client.CreateCompanyIdAsync("Parent");
        path = path.Replace("{company}", companyId, StringComparison.Ordinal);
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => tenant.Client.RequestAsync("POST", path, body, (Requests.IdempotencyKey, key))));

        var bodies = new List<string>();
        foreach (var response in responses)
        {
            bodies.Add((await response.ReadObjectAsync(HttpStatusCode.OK)).Id());
        }

        Assert.Single(bodies.Distinct());
        Assert.Single(responses, r => r.Header(Replayed) is null);
        Assert.Equal(path == "/companies" ? 2 : 1, await tenant.Client.TotalResultsAsync(path));
    }

    [Fact]
    public async Task Repeat_WhileTheFirstStillRuns_Returns409AndDoesNotAct()
    {
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?> { ["Switchboard:Idempotency:WaitForRunning"] = "00:00:00.200" });
        var tenant = await server.NewTenantAsync();
        const string body = """{"name":"Still running"}""";
        var key = await ClaimAsync(server, tenant.Id, RequestHash("POST", "/companies", body));

        var response = await tenant.Client.RequestAsync("POST", "/companies", body, (Requests.IdempotencyKey, key.ToString()));

        var error = await response.ReadErrorAsync(HttpStatusCode.Conflict);
        Assert.Contains("still", error.Error(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await tenant.Client.TotalResultsAsync("/companies"));
    }

    [Fact]
    public async Task DifferentRequest_WhileTheFirstStillRuns_Returns422AndDoesNotAct()
    {
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?> { ["Switchboard:Idempotency:WaitForRunning"] = "00:00:00.200" });
        var tenant = await server.NewTenantAsync();
        var key = await ClaimAsync(server, tenant.Id, RequestHash("POST", "/companies", """{"name":"The first"}"""));

        var response = await tenant.Client.RequestAsync("POST", "/companies", """{"name":"Another"}""", (Requests.IdempotencyKey, key.ToString()));

        await response.ReadErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, await tenant.Client.TotalResultsAsync("/companies"));
    }

    [Fact]
    public async Task Repeat_AfterTheRetentionPeriod_ActsAgain()
    {
        var tenant = await _server.NewTenantAsync();
        const string body = """{"name":"Long ago"}""";
        var key = await ClaimAsync(_server, tenant.Id, RequestHash("POST", "/companies", body), completedAgo: TimeSpan.FromMinutes(91));

        var response = await tenant.Client.RequestAsync("POST", "/companies", body, (Requests.IdempotencyKey, key.ToString()));
        var repeat = await tenant.Client.RequestAsync("POST", "/companies", body, (Requests.IdempotencyKey, key.ToString()));

        var company = await response.ReadObjectAsync(HttpStatusCode.OK);
        Assert.Null(response.Header(Replayed));
        Assert.Equal("true", repeat.Header(Replayed));
        Assert.Equal(company.Id(), (await repeat.ReadObjectAsync(HttpStatusCode.OK)).Id());
        Assert.Equal(1, await tenant.Client.TotalResultsAsync("/companies"));
    }

    [Fact]
    public async Task Repeat_WithinTheRetentionPeriod_ReplaysTheStoredResponse()
    {
        var tenant = await _server.NewTenantAsync();
        const string body = """{"name":"Recently"}""";
        var key = await ClaimAsync(_server, tenant.Id, RequestHash("POST", "/companies", body), completedAgo: TimeSpan.FromMinutes(89));

        var response = await tenant.Client.RequestAsync("POST", "/companies", body, (Requests.IdempotencyKey, key.ToString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("true", response.Header(Replayed));
        Assert.Equal(StoredResponse, await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await tenant.Client.TotalResultsAsync("/companies"));
    }

    [Fact]
    public async Task RateLimitedRequest_IsNotKept_SoTheSameKeyActsOnceTheBucketRefills()
    {
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Switchboard:RateLimits:Burst"] = "1",
            ["Switchboard:RateLimits:PermitsPerSecond"] = "2",
        });
        string? key = null;
        string? name = null;
        for (var attempt = 0; attempt < 5 && key is null; attempt++)
        {
            // Empty the bucket, then use a new key at once; if a token came back in between, try again.
            await server.Client.GetAsync("/companies");
            var candidate = Guid.NewGuid().ToString();
            name = "Refused " + candidate;
            var refused = await server.Client.RequestAsync("POST", "/companies", CompanyBody(name), (Requests.IdempotencyKey, candidate));
            if (refused.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await refused.ReadErrorAsync(HttpStatusCode.TooManyRequests);
                key = candidate;
            }
        }

        Assert.NotNull(key);
        var accepted = await PastTheRateLimitAsync(() => server.Client.RequestAsync("POST", "/companies", CompanyBody(name!), (Requests.IdempotencyKey, key)));
        var repeated = await PastTheRateLimitAsync(() => server.Client.RequestAsync("POST", "/companies", CompanyBody(name!), (Requests.IdempotencyKey, key)));

        var company = await accepted.ReadObjectAsync(HttpStatusCode.OK);
        Assert.Null(accepted.Header(Replayed));
        Assert.Equal("true", repeated.Header(Replayed));
        Assert.Equal(company.Id(), (await repeated.ReadObjectAsync(HttpStatusCode.OK)).Id());
        await using var db = await server.CreateDbContextAsync();
        Assert.Equal(1, await db.Companies.IgnoreQueryFilters().CountAsync(c => c.Name == name, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Replay_AfterARestart_ReturnsTheFirstResponse()
    {
        await using var server = await RestartableServer.StartAsync();
        var key = Guid.NewGuid().ToString();
        const string body = """{"name":"Before the restart"}""";
        var first = await server.Client.RequestAsync("POST", "/companies", body, (Requests.IdempotencyKey, key));
        var firstBody = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        await server.RestartAsync();
        var repeat = await server.Client.RequestAsync("POST", "/companies", body, (Requests.IdempotencyKey, key));

        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal("true", repeat.Header(Replayed));
        Assert.Equal(firstBody, await repeat.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, await server.Client.TotalResultsAsync("/companies"));
    }

    /// <summary>A request to repeat, and a probe of the state it changes (to see that a replay changes nothing).</summary>
    private static async Task<(string Method, string Path, string Body, Func<Task<string>> State)> PrepareAsync(HttpClient client, string operation)
    {
        switch (operation)
        {
            case "create company":
                return ("POST", "/companies", """{"name":"Idempotent Ltd","description":"made once"}""", () => client.GetStringAsync("/companies"));
            case "create connection":
                {
                    var companyId = await client.CreateCompanyIdAsync();
                    var path = $"/companies/{companyId}/connections";
                    return ("POST", path, """{"platformKey":"gbol"}""", () => client.GetStringAsync(path));
                }

            case "update company":
                {
                    var companyId = await client.CreateCompanyIdAsync("Old name");
                    var path = $"/companies/{companyId}";
                    return ("PATCH", path, """{"name":"New name"}""", async () => (await client.GetAsync(path)).ETag() + await client.GetStringAsync(path));
                }

            default:
                {
                    var (companyId, connectionId) = await client.CreateLinkedConnectionAsync();
                    var path = $"/companies/{companyId}/connections/{connectionId}";
                    return ("PATCH", path, """{"status":"Unlinked"}""", async () => (await client.GetAsync(path)).ETag() + await client.GetStringAsync(path));
                }
        }
    }

    private static string CompanyBody(string name) => $$"""{"name":"{{name}}"}""";

    /// <summary>The hash the server keys a request by: method, path and the exact body bytes.</summary>
    private static string RequestHash(string method, string path, string body) =>
        Convert.ToHexStringLower(SHA256.HashData([.. Encoding.UTF8.GetBytes($"{method} {path}\n"), .. Encoding.UTF8.GetBytes(body)]));

    /// <summary>
    /// Stores the claim a first request holds while it runs, as if that request were still running; or, with
    /// <paramref name="completedAgo"/>, the record of one that finished that long ago with <see cref="StoredResponse"/>.
    /// </summary>
    private static async Task<Guid> ClaimAsync(SwitchboardTestServer server, Guid tenantId, string requestHash, TimeSpan? completedAgo = null)
    {
        var key = Guid.NewGuid();
        var created = DateTime.UtcNow - (completedAgo ?? TimeSpan.Zero);
        await using var db = await server.CreateDbContextAsync();
        db.TenantId = tenantId;
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            TenantId = tenantId,
            IdempotencyKey = key,
            RequestHash = requestHash,
            Completed = completedAgo is not null,
            // A status create-company really answers: the stored body and the replay header tell the replay from an act.
            StatusCode = completedAgo is null ? null : 200,
            ContentType = completedAgo is null ? null : "text/plain",
            ResponseBody = completedAgo is null ? null : Encoding.UTF8.GetBytes(StoredResponse),
            Created = new DateTime(created.Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc),
        });
        await db.SaveChangesAsync();
        return key;
    }

    /// <summary>Repeats a request while the server answers 429, as a client honouring the limit would (bounded).</summary>
    private static async Task<HttpResponseMessage> PastTheRateLimitAsync(Func<Task<HttpResponseMessage>> send)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.TooManyRequests || DateTime.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }
}
