using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Auth;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.ApiKeys;

/// <summary>
/// <c>/apiKeys</c>: a new key is shown once and works at once; a tenant holds 1 to 10 keys; a deleted key stops
/// working on its very next request; another tenant's key is a 404; only hashes are stored.
/// </summary>
public sealed class ApiKeyManagementTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly SwitchboardTestServer _server = shared.Server;

    [Fact]
    public async Task Create_Returns201WithTheKeyWhichIsNeverShownAgainAndWorksAtOnce()
    {
        var tenant = await _server.NewTenantAsync();
        var companyId = await tenant.Client.CreateCompanyIdAsync("Seen by both keys");

        var response = await tenant.Client.PostAsync("/apiKeys", Api.Json("""{"name":"ci"}"""));

        var created = await response.ReadObjectAsync(HttpStatusCode.Created);
        WireAssert.HasExactly(created, "id", "name", "apiKey", "createdDate");
        var id = WireAssert.GuidString(created["id"]);
        Assert.Equal("ci", created["name"].Str());
        var secret = created["apiKey"].Str();
        Assert.True(secret.Length >= 32, $"A key of {secret.Length} characters is too short to be a secret.");
        WireAssert.UtcTimestamp(created["createdDate"]);

        var listText = await tenant.Client.GetStringAsync("/apiKeys");
        Assert.DoesNotContain(secret, listText, StringComparison.Ordinal);
        var listed = JsonNode.Parse(listText)!["results"]!.AsArray().Select(k => k!.AsObject()).ToList();
        Assert.Equal(2, listed.Count);
        Assert.All(listed, k => Assert.False(k.ContainsKey("apiKey"), $"GET /apiKeys shows a key value: {k}"));
        var mine = Assert.Single(listed, k => k["id"].Str() == id.ToString());
        WireAssert.HasExactly(mine, "id", "name", "createdDate");

        using var newKey = _server.CreateClient(secret);
        var company = await newKey.GetObjectAsync($"/companies/{companyId}");
        Assert.Equal(companyId, company.Id());
    }

    [Fact]
    public async Task Create_WithoutABody_CreatesAnUnnamedKey()
    {
        var tenant = await _server.NewTenantAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/apiKeys");
        var created = await (await tenant.Client.SendAsync(request)).ReadObjectAsync(HttpStatusCode.Created);

        Assert.False(created.ContainsKey("name"));
        using var newKey = _server.CreateClient(created["apiKey"].Str());
        Assert.Equal(HttpStatusCode.OK, (await newKey.GetAsync("/apiKeys")).StatusCode);
    }

    [Fact]
    public async Task Create_EleventhKey_Returns409AndCreatesNothing()
    {
        var tenant = await _server.NewTenantAsync();
        for (var i = 2; i <= 10; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await tenant.Client.PostAsync("/apiKeys", Api.Json($$"""{"name":"key {{i}}"}"""))).StatusCode);
        }

        var response = await tenant.Client.PostAsync("/apiKeys", Api.Json("""{"name":"one too many"}"""));

        var error = await response.ReadErrorAsync(HttpStatusCode.Conflict);
        Assert.Contains("10", error.Error(), StringComparison.Ordinal);
        Assert.Equal(10, await KeyCountAsync(tenant.Client));
    }

    [Fact]
    public async Task Create_TenKeysAtOnce_NeverLeavesMoreThanTen()
    {
        var tenant = await _server.NewTenantAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => tenant.Client.PostAsync("/apiKeys", Api.Json($$"""{"name":"racer {{i}}"}"""))));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"Got {(int)r.StatusCode}."));
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(10, await KeyCountAsync(tenant.Client));
    }

    [Fact]
    public async Task Delete_LastKey_Returns409AndTheKeyKeepsWorking()
    {
        var tenant = await _server.NewTenantAsync();
        var onlyKey = await SingleKeyIdAsync(tenant.Client);

        var response = await tenant.Client.DeleteAsync($"/apiKeys/{onlyKey}");

        var error = await response.ReadErrorAsync(HttpStatusCode.Conflict);
        Assert.Contains("last", error.Error(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, await KeyCountAsync(tenant.Client));
    }

    [Fact]
    public async Task Delete_AKey_StopsItWorkingOnItsVeryNextRequest()
    {
        var tenant = await _server.NewTenantAsync();
        var created = await (await tenant.Client.PostAsync("/apiKeys", Api.Json("""{"name":"short-lived"}"""))).ReadObjectAsync(HttpStatusCode.Created);
        using var doomed = _server.CreateClient(created["apiKey"].Str());
        Assert.Equal(HttpStatusCode.OK, (await doomed.GetAsync("/companies")).StatusCode);

        var deleted = await tenant.Client.DeleteAsync($"/apiKeys/{created.Id()}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await doomed.GetAsync("/companies")).ReadErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(1, await KeyCountAsync(tenant.Client));
    }

    [Fact]
    public async Task Delete_TheKeyMakingTheRequest_SucceedsAndThatKeyIsRejectedNextTime()
    {
        var tenant = await _server.NewTenantAsync();
        var created = await (await tenant.Client.PostAsync("/apiKeys", Api.Json("{}"))).ReadObjectAsync(HttpStatusCode.Created);
        using var self = _server.CreateClient(created["apiKey"].Str());

        Assert.Equal(HttpStatusCode.NoContent, (await self.DeleteAsync($"/apiKeys/{created.Id()}")).StatusCode);

        await (await self.GetAsync("/apiKeys")).ReadErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await tenant.Client.GetAsync("/apiKeys")).StatusCode);
    }

    [Theory]
    [InlineData(51)]
    [InlineData(500)]
    public async Task Create_NameLongerThan50Characters_Returns400AndCreatesNothing(int length)
    {
        var tenant = await _server.NewTenantAsync();

        var response = await tenant.Client.PostAsync("/apiKeys", Api.Json($$"""{"name":"{{new string('n', length)}}"}"""));

        var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("50", error.Error(), StringComparison.Ordinal);
        Assert.Equal(1, await KeyCountAsync(tenant.Client));
    }

    [Fact]
    public async Task Create_NameOfExactly50Characters_Succeeds()
    {
        var tenant = await _server.NewTenantAsync();
        var name = new string('n', 50);

        var created = await (await tenant.Client.PostAsync("/apiKeys", Api.Json($$"""{"name":"{{name}}"}"""))).ReadObjectAsync(HttpStatusCode.Created);

        Assert.Equal(name, created["name"].Str());
    }

    [Fact]
    public async Task Delete_AnotherTenantsKeyId_Returns404AndTheKeyKeepsWorking()
    {
        var owner = await _server.NewTenantAsync("Owner");
        var second = await (await owner.Client.PostAsync("/apiKeys", Api.Json("""{"name":"second"}"""))).ReadObjectAsync(HttpStatusCode.Created);
        var intruder = await _server.NewTenantAsync("Intruder");

        var response = await intruder.Client.DeleteAsync($"/apiKeys/{second.Id()}");

        await response.ReadErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(2, await KeyCountAsync(owner.Client));
        using var stillWorks = _server.CreateClient(second["apiKey"].Str());
        Assert.Equal(HttpStatusCode.OK, (await stillWorks.GetAsync("/apiKeys")).StatusCode);
        Assert.DoesNotContain(second.Id(), await intruder.Client.GetStringAsync("/apiKeys"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_AreStoredOnlyAsSha256Hashes()
    {
        var tenant = await _server.NewTenantAsync();
        var created = await (await tenant.Client.PostAsync("/apiKeys", Api.Json("""{"name":"hashed"}"""))).ReadObjectAsync(HttpStatusCode.Created);
        var secrets = new[] { tenant.ApiKey, created["apiKey"].Str() };

        await using var db = await _server.CreateDbContextAsync();
        var rows = await db.Set<ApiKeyEntity>().IgnoreQueryFilters().AsNoTracking().Where(k => k.TenantId == tenant.Id).ToListAsync();

        Assert.Equal(2, rows.Count);
        foreach (var row in rows)
        {
            Assert.Matches("^[0-9a-f]{64}$", row.KeyHash);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, row.KeyHash + row.Name, StringComparison.Ordinal);
            }
        }

        Assert.Contains(rows, r => r.KeyHash == Sha256Hex(created["apiKey"].Str()));
        if (!TestBackend.IsPostgres)
        {
            // Nothing in the files either: not in a column the model does not map, not in the write-ahead log.
            foreach (var file in Directory.GetFiles(_server.DataDirectory, "switchboard.db*"))
            {
                var bytes = await ReadSharedAsync(file);
                foreach (var secret in secrets)
                {
                    Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"{Path.GetFileName(file)} holds an API key in clear.");
                }
            }
        }
    }

    private static async Task<int> KeyCountAsync(HttpClient client) =>
        (await client.GetObjectAsync("/apiKeys"))["results"]!.AsArray().Count;

    private static async Task<string> SingleKeyIdAsync(HttpClient client) =>
        Assert.Single((await client.GetObjectAsync("/apiKeys"))["results"]!.AsArray())!.AsObject().Id();

    private static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
