using System.Net;
using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Companies;

/// <summary>The success path of every Companies operation, and the exact wire shape of what it answers.</summary>
public sealed class CompaniesApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly SwitchboardTestServer _server = shared.Server;

    [Fact]
    public async Task Create_NameOnly_ReturnsTheCompanyWithOnlyTheFieldsThatHaveValues()
    {
        var before = DateTimeOffset.UtcNow;

        var company = await (await _server.Client.SendAsync(HttpMethod.Post, "/companies", """{"name":"Acme Ltd"}""")).ReadObjectAsync(HttpStatusCode.OK);

        WireAssert.HasExactly(company, "id", "name", "redirect", "created", "products");
        var id = WireAssert.GuidString(company["id"]);
        Assert.Equal("Acme Ltd", company["name"].Str());
        Assert.StartsWith($"{_server.BaseAddress.GetLeftPart(UriPartial.Authority)}/link/companies/{id}?token=", company["redirect"].Str());
        Assert.InRange(WireAssert.UtcTimestamp(company["created"]), before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Empty(company["products"]!.AsArray());
    }

    [Fact]
    public async Task Create_WithDescriptionAndTags_ReturnsThem()
    {
        var company = await (await _server.Client.SendAsync(HttpMethod.Post, "/companies",
            """{"name":"Acme Ltd","description":"Requested early access","tags":{"region":"uk","crmId":"42"}}""")).ReadObjectAsync(HttpStatusCode.OK);

        WireAssert.HasExactly(company, "id", "name", "description", "redirect", "created", "products", "tags");
        Assert.Equal("Requested early access", company["description"].Str());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"region":"uk","crmId":"42"}"""), company["tags"]), company["tags"]!.ToJsonString());
    }

    [Theory]
    [InlineData("Café ☕ 株式会社")]
    [InlineData("O'Brien & Sons <Ltd> \"quoted\"")]
    [InlineData("Emoji 🚀 and tab\tinside")]
    public async Task Create_NameWithAnyCharacters_RoundTripsExactly(string name)
    {
        var created = await _server.Client.CreateCompanyAsync(name);

        var fetched = await _server.Client.GetObjectAsync($"/companies/{created.Id()}");

        Assert.Equal(name, created["name"].Str());
        Assert.Equal(name, fetched["name"].Str());
    }

    [Fact]
    public async Task Get_IdInUpperCaseOrWithoutHyphens_FindsTheCompany()
    {
        var id = await _server.Client.CreateCompanyIdAsync();

        var upper = await _server.Client.GetObjectAsync($"/companies/{id.ToUpperInvariant()}");
        var compact = await _server.Client.GetObjectAsync($"/companies/{Guid.Parse(id):N}");

        Assert.Equal(id, upper.Id());
        Assert.Equal(id, compact.Id());
    }

    [Fact]
    public async Task Get_CompanyWithoutConnections_IncludesAnEmptyDataConnectionsList()
    {
        var created = await _server.Client.CreateCompanyAsync();

        var fetched = await _server.Client.GetObjectAsync($"/companies/{created.Id()}");

        WireAssert.HasExactly(fetched, "id", "name", "redirect", "created", "products", "dataConnections");
        Assert.Empty(fetched["dataConnections"]!.AsArray());
        foreach (var (name, value) in created)
        {
            Assert.True(JsonNode.DeepEquals(value, fetched[name]), $"{name}: create answered {value}, get answered {fetched[name]}");
        }
    }

    [Fact]
    public async Task Get_CompanyWithConnections_IncludesThemInCreationOrderAsConnections()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var first = await _server.Client.CreateConnectionAsync(companyId, "gbol");
        var second = await _server.Client.CreateConnectionAsync(companyId, "mqjo");
        (await _server.Client.AuthorizeAsync(companyId, first.Id())).EnsureSuccessStatusCode();
        var firstNow = await _server.Client.GetObjectAsync($"/companies/{companyId}/connections/{first.Id()}");

        var company = await _server.Client.GetObjectAsync($"/companies/{companyId}");

        var connections = company["dataConnections"]!.AsArray();
        Assert.Equal(2, connections.Count);
        Assert.True(JsonNode.DeepEquals(firstNow, connections[0]), $"{connections[0]} differs from {firstNow}");
        Assert.True(JsonNode.DeepEquals(second, connections[1]), $"{connections[1]} differs from {second}");
    }

    [Fact]
    public async Task List_NewTenant_ShowsItsCompaniesInCreationOrder()
    {
        using var tenant = await _server.CreateTenantClientAsync();
        var a = await tenant.CreateCompanyAsync("A");
        var b = await tenant.CreateCompanyAsync("B");
        var c = await tenant.CreateCompanyAsync("C");

        var page = await tenant.GetObjectAsync("/companies");

        WireAssert.HasExactly(page, "results", "pageNumber", "pageSize", "totalResults", "_links");
        Assert.Equal(3, page["totalResults"]!.GetValue<int>());
        var results = page["results"]!.AsArray();
        Assert.Equal([a.Id(), b.Id(), c.Id()], results.Select(r => r!["id"].Str()));
        foreach (var (name, value) in a)
        {
            Assert.True(JsonNode.DeepEquals(value, results[0]![name]), $"{name}: create answered {value}, list shows {results[0]![name]}");
        }

        Assert.Equal("/companies", page["_links"]!["self"]!["href"].Str());
        Assert.Equal("/companies?page=1&pageSize=100", page["_links"]!["current"]!["href"].Str());
    }

    [Fact]
    public async Task Replace_Company_SetsEveryFieldAndClearsThoseLeftOut()
    {
        var created = await (await _server.Client.SendAsync(HttpMethod.Post, "/companies",
            """{"name":"Old","description":"old text","tags":{"a":"1"}}""")).ReadObjectAsync(HttpStatusCode.OK);

        var replaced = await (await _server.Client.SendAsync(HttpMethod.Put, $"/companies/{created.Id()}", """{"name":"New"}""")).ReadObjectAsync(HttpStatusCode.OK);

        WireAssert.HasExactly(replaced, "id", "name", "redirect", "created", "products");
        Assert.Equal(created.Id(), replaced.Id());
        Assert.Equal("New", replaced["name"].Str());
        Assert.Equal(created["created"].Str(), replaced["created"].Str());
        Assert.Equal(created["redirect"].Str(), replaced["redirect"].Str());
        var fetched = await _server.Client.GetObjectAsync($"/companies/{created.Id()}");
        Assert.Equal("New", fetched["name"].Str());
        Assert.Null(fetched["description"]);
        Assert.Null(fetched["tags"]);
    }

    [Fact]
    public async Task Replace_WithAllFields_StoresThem()
    {
        var id = await _server.Client.CreateCompanyIdAsync("Old");

        var replaced = await (await _server.Client.SendAsync(HttpMethod.Put, $"/companies/{id}",
            """{"name":"New","description":"new text","tags":{"b":"2"}}""")).ReadObjectAsync(HttpStatusCode.OK);

        Assert.Equal("new text", replaced["description"].Str());
        Assert.Equal("2", replaced["tags"]!["b"].Str());
        var fetched = await _server.Client.GetObjectAsync($"/companies/{id}");
        Assert.Equal("new text", fetched["description"].Str());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"b":"2"}"""), fetched["tags"]));
    }

    [Fact]
    public async Task Update_OnlyName_KeepsDescriptionAndTags()
    {
        var created = await (await _server.Client.SendAsync(HttpMethod.Post, "/companies",
            """{"name":"Old","description":"kept","tags":{"a":"1"}}""")).ReadObjectAsync(HttpStatusCode.OK);

        var updated = await (await _server.Client.SendAsync(HttpMethod.Patch, $"/companies/{created.Id()}", """{"name":"New"}""")).ReadObjectAsync(HttpStatusCode.OK);

        Assert.Equal("New", updated["name"].Str());
        Assert.Equal("kept", updated["description"].Str());
        Assert.True(JsonNode.DeepEquals(created["tags"], updated["tags"]));
        Assert.Equal(created["created"].Str(), updated["created"].Str());
    }

    [Fact]
    public async Task Update_OnlyTags_KeepsNameAndDescription()
    {
        var created = await (await _server.Client.SendAsync(HttpMethod.Post, "/companies",
            """{"name":"Kept","description":"kept too","tags":{"a":"1"}}""")).ReadObjectAsync(HttpStatusCode.OK);

        var updated = await (await _server.Client.SendAsync(HttpMethod.Patch, $"/companies/{created.Id()}", """{"tags":{"z":"26"}}""")).ReadObjectAsync(HttpStatusCode.OK);

        Assert.Equal("Kept", updated["name"].Str());
        Assert.Equal("kept too", updated["description"].Str());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"z":"26"}"""), updated["tags"]), updated["tags"]!.ToJsonString());
    }

    [Fact]
    public async Task Update_EmptyBody_ChangesNothingVisible()
    {
        var created = await (await _server.Client.SendAsync(HttpMethod.Post, "/companies",
            """{"name":"Same","description":"same","tags":{"a":"1"}}""")).ReadObjectAsync(HttpStatusCode.OK);

        var updated = await (await _server.Client.SendAsync(HttpMethod.Patch, $"/companies/{created.Id()}", "{}")).ReadObjectAsync(HttpStatusCode.OK);

        Assert.True(JsonNode.DeepEquals(created, updated), $"created {created}, after empty PATCH {updated}");
    }

    [Fact]
    public async Task Delete_Company_Returns204AndCascadesToItsConnections()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var pending = (await _server.Client.CreateConnectionAsync(companyId, "gbol")).Id();
        var linked = (await _server.Client.CreateConnectionAsync(companyId, "mqjo")).Id();
        (await _server.Client.AuthorizeAsync(companyId, linked, new Dictionary<string, string>())).EnsureSuccessStatusCode();
        var otherCompanyId = await _server.Client.CreateCompanyIdAsync("Unrelated");
        var unrelated = (await _server.Client.CreateConnectionAsync(otherCompanyId, "gbol")).Id();

        var deleted = await _server.Client.DeleteAsync($"/companies/{companyId}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
        await (await _server.Client.GetAsync($"/companies/{companyId}")).ReadErrorAsync(HttpStatusCode.NotFound);
        foreach (var id in new[] { pending, linked })
        {
            await (await _server.Client.GetAsync($"/companies/{companyId}/connections/{id}")).ReadErrorAsync(HttpStatusCode.NotFound);
            Assert.Null(await _server.FindConnectionRowAsync(id));
        }

        Assert.NotNull(await _server.FindConnectionRowAsync(unrelated));
        await _server.Client.GetObjectAsync($"/companies/{otherCompanyId}/connections/{unrelated}");
    }

    [Fact]
    public async Task DeletedCompany_AnswersEveryCompanyAndConnectionRouteWith404()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var connectionId = (await _server.Client.CreateConnectionAsync(companyId, "gbol")).Id();
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync($"/companies/{companyId}")).StatusCode);
        var company = $"/companies/{companyId}";
        var connection = $"{company}/connections/{connectionId}";

        await (await _server.Client.GetAsync(company)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await _server.Client.SendAsync(HttpMethod.Put, company, """{"name":"Back"}""")).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await _server.Client.SendAsync(HttpMethod.Patch, company, """{"name":"Back"}""")).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await _server.Client.DeleteAsync(company)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await _server.Client.GetAsync($"{company}/connections")).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await _server.Client.SendAsync(HttpMethod.Post, $"{company}/connections", """{"platformKey":"gbol"}""")).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await _server.Client.GetAsync(connection)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await _server.Client.UnlinkAsync(companyId, connectionId)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await _server.Client.AuthorizeAsync(companyId, connectionId)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await _server.Client.DeleteAsync(connection)).ReadErrorAsync(HttpStatusCode.NotFound);
        var list = await _server.Client.GetObjectAsync("/companies?query=" + Uri.EscapeDataString($"id={companyId}"));
        Assert.Equal(0, list["totalResults"]!.GetValue<int>());
    }
}
