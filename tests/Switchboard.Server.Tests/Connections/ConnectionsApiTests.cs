using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Connections;

/// <summary>The success path of every Connections operation, and the exact wire shape of what it answers.</summary>
public sealed class ConnectionsApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    /// <summary>Xero's ids, derived (UUIDv5) from its platform key: the same on every install.</summary>
    public const string XeroIntegrationId = "4b8c6ecc-1fc0-5efc-86c7-9c157467f8f0";
    public const string XeroSourceId = "1439e52a-5120-5d81-b76d-4798af34a56c";

    private readonly SwitchboardTestServer _server = shared.Server;

    [Fact]
    public async Task Create_KnownPlatformKey_ReturnsPendingAuthConnectionWithLinkUrl()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();

        var connection = await _server.Client.CreateConnectionAsync(companyId, "gbol");

        Assert.Equal("PendingAuth", connection["status"]!.GetValue<string>());
        Assert.Equal("gbol", connection["integrationKey"]!.GetValue<string>());
        Assert.Equal("Xero", connection["platformName"]!.GetValue<string>());
        Assert.Equal("Accounting", connection["sourceType"]!.GetValue<string>());
        var id = connection["id"]!.GetValue<string>();
        Assert.StartsWith($"{_server.BaseAddress.GetLeftPart(UriPartial.Authority)}/link/companies/{companyId}/connections/{id}/start?token=", connection["linkUrl"]!.GetValue<string>());
        Assert.Null(connection["lastSync"]);
        Assert.Null(connection["connectionInfo"]);
        Assert.EndsWith("Z", connection["created"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_PendingConnection_HasExactlyTheWireFieldsWithValues()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var before = DateTimeOffset.UtcNow;

        var connection = await _server.Client.CreateConnectionAsync(companyId, "gbol");

        WireAssert.HasExactly(connection, "id", "integrationId", "integrationKey", "sourceId", "sourceType", "platformName", "linkUrl", "status", "created");
        WireAssert.GuidString(connection["id"]);
        Assert.Equal(XeroIntegrationId, connection["integrationId"].Str());
        Assert.Equal(XeroSourceId, connection["sourceId"].Str());
        var created = WireAssert.UtcTimestamp(connection["created"]);
        Assert.InRange(created, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task Create_Returns200WithTheConnectionThatGetReturns()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();

        var response = await _server.Client.PostAsJsonAsync($"/companies/{companyId}/connections", new { platformKey = "mqjo" });

        var created = await response.ReadObjectAsync(HttpStatusCode.OK);
        var fetched = await _server.Client.GetObjectAsync($"/companies/{companyId}/connections/{created.Id()}");
        Assert.True(JsonNode.DeepEquals(created, fetched), $"create answered {created} but get answered {fetched}");
        Assert.Equal("Sandbox", fetched["platformName"].Str());
    }

    [Fact]
    public async Task Get_DeletedConnection_Returns404()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var id = (await _server.Client.CreateConnectionAsync(companyId))["id"]!.GetValue<string>();
        var deleted = await _server.Client.DeleteAsync($"/companies/{companyId}/connections/{id}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());

        var response = await _server.Client.GetAsync($"/companies/{companyId}/connections/{id}");

        await response.ReadErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_UnknownPlatformKey_Returns400NamingTheKey()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();

        var response = await _server.Client.PostAsJsonAsync($"/companies/{companyId}/connections", new { platformKey = "zzzz" });

        var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("'zzzz'", error.Error(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_CompanyWithConnections_ReturnsAllInCreationOrderWithPagingInfo()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var first = await _server.Client.CreateConnectionAsync(companyId, "gbol");
        var second = await _server.Client.CreateConnectionAsync(companyId, "mqjo");
        var third = await _server.Client.CreateConnectionAsync(companyId, "suuo");

        var page = await _server.Client.GetObjectAsync($"/companies/{companyId}/connections");

        WireAssert.HasExactly(page, "results", "pageNumber", "pageSize", "totalResults", "_links");
        Assert.Equal(1, page["pageNumber"]!.GetValue<int>());
        Assert.Equal(100, page["pageSize"]!.GetValue<int>());
        Assert.Equal(3, page["totalResults"]!.GetValue<int>());
        var results = page["results"]!.AsArray();
        Assert.Equal([first.Id(), second.Id(), third.Id()], results.Select(r => r!["id"].Str()));
        Assert.True(JsonNode.DeepEquals(first, results[0]), $"list shows {results[0]} but create answered {first}");
        var links = page["_links"]!.AsObject();
        WireAssert.HasExactly(links, "self", "current");
        Assert.Equal($"/companies/{companyId}/connections", links["self"]!["href"].Str());
        Assert.Equal($"/companies/{companyId}/connections?page=1&pageSize=100", links["current"]!["href"].Str());
    }

    [Fact]
    public async Task List_CompanyWithoutConnections_ReturnsAnEmptyPage()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();

        var page = await _server.Client.GetObjectAsync($"/companies/{companyId}/connections");

        Assert.Empty(page["results"]!.AsArray());
        Assert.Equal(0, page["totalResults"]!.GetValue<int>());
    }

    [Fact]
    public async Task UpdateAuthorization_PendingConnection_LinksItAndShowsOnlyTheKeyNames()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var created = await _server.Client.CreateConnectionAsync(companyId, "gbol");

        var response = await _server.Client.AuthorizeAsync(companyId, created.Id(),
            new Dictionary<string, string> { ["accessToken"] = "value-of-access", ["refreshToken"] = "value-of-refresh" });

        var linked = await response.ReadObjectAsync(HttpStatusCode.OK);
        Assert.Equal("Linked", linked["status"].Str());
        Assert.Equal(created.Id(), linked.Id());
        Assert.Equal(created["created"].Str(), linked["created"].Str());
        // The page stays the same; its token is issued for the connection as it is now.
        Assert.Equal(created["linkUrl"].Str().Split('?')[0], linked["linkUrl"].Str().Split('?')[0]);
        var info = Assert.IsType<JsonObject>(linked["connectionInfo"]);
        Assert.Contains("accessToken", info.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("refreshToken", info.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("value-of-", linked.ToJsonString(), StringComparison.Ordinal);
        var fetched = await _server.Client.GetObjectAsync($"/companies/{companyId}/connections/{created.Id()}");
        Assert.True(JsonNode.DeepEquals(linked, fetched), $"authorize answered {linked} but get answered {fetched}");
    }

    [Fact]
    public async Task UpdateAuthorization_SandboxWithEmptyMap_LinksIt()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var created = await _server.Client.CreateConnectionAsync(companyId, "mqjo");

        var response = await _server.Client.AuthorizeAsync(companyId, created.Id(), new Dictionary<string, string>());

        Assert.Equal("Linked", (await response.ReadObjectAsync(HttpStatusCode.OK))["status"].Str());
    }

    [Fact]
    public async Task Unlink_LinkedConnection_ReturnsItUnlinkedWithItsMetadataKept()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var created = await _server.Client.CreateConnectionAsync(companyId, "gbol");
        (await _server.Client.AuthorizeAsync(companyId, created.Id())).EnsureSuccessStatusCode();

        var unlinked = await (await _server.Client.UnlinkAsync(companyId, created.Id())).ReadObjectAsync(HttpStatusCode.OK);

        Assert.Equal("Unlinked", unlinked["status"].Str());
        foreach (var field in new[] { "id", "integrationId", "integrationKey", "sourceId", "sourceType", "platformName", "created" })
        {
            Assert.True(JsonNode.DeepEquals(created[field], unlinked[field]), $"{field} changed from {created[field]} to {unlinked[field]}");
        }

        Assert.Equal(created["linkUrl"].Str().Split('?')[0], unlinked["linkUrl"].Str().Split('?')[0]);

        var fetched = await _server.Client.GetObjectAsync($"/companies/{companyId}/connections/{created.Id()}");
        Assert.Equal("Unlinked", fetched["status"].Str());
    }

    [Fact]
    public async Task Delete_Connection_Returns200WithEmptyBodyAndEveryLaterCallAnswers404()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var kept = await _server.Client.CreateConnectionAsync(companyId, "mqjo");
        var id = (await _server.Client.CreateConnectionAsync(companyId, "gbol")).Id();
        (await _server.Client.AuthorizeAsync(companyId, id)).EnsureSuccessStatusCode();
        var path = $"/companies/{companyId}/connections/{id}";

        var deleted = await _server.Client.DeleteAsync(path);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
        await (await _server.Client.GetAsync(path)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await _server.Client.UnlinkAsync(companyId, id)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await _server.Client.AuthorizeAsync(companyId, id)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await _server.Client.DeleteAsync(path)).ReadErrorAsync(HttpStatusCode.NotFound);
        var list = await _server.Client.GetObjectAsync($"/companies/{companyId}/connections");
        Assert.Equal([kept.Id()], list["results"]!.AsArray().Select(r => r!["id"].Str()));
        Assert.Null(await _server.FindConnectionRowAsync(id));
    }

    [Fact]
    public async Task SimulatedDeauthorization_ShowsAnActiveErrorThatReauthorizationResolves()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var id = (await _server.Client.CreateConnectionAsync(companyId, "gbol")).Id();
        (await _server.Client.AuthorizeAsync(companyId, id)).EnsureSuccessStatusCode();

        var deauthorized = await (await _server.Client.SendAsync(HttpMethod.Post, $"/simulate/companies/{companyId}/connections/{id}/deauthorize"))
            .ReadObjectAsync(HttpStatusCode.OK);
        var relinked = await (await _server.Client.AuthorizeAsync(companyId, id)).ReadObjectAsync(HttpStatusCode.OK);

        Assert.Equal("Deauthorized", deauthorized["status"].Str());
        var active = Assert.Single(deauthorized["dataConnectionErrors"]!.AsArray())!.AsObject();
        WireAssert.HasExactly(active, "statusCode", "statusText", "errorMessage", "erroredOnUtc", "status");
        Assert.Equal("Active", active["status"].Str());
        var erroredOn = WireAssert.UtcTimestamp(active["erroredOnUtc"]);
        Assert.Equal("Linked", relinked["status"].Str());
        var resolved = Assert.Single(relinked["dataConnectionErrors"]!.AsArray())!.AsObject();
        WireAssert.HasExactly(resolved, "statusCode", "statusText", "errorMessage", "erroredOnUtc", "status", "resolvedOnUtc");
        Assert.Equal("Resolved", resolved["status"].Str());
        Assert.True(WireAssert.UtcTimestamp(resolved["resolvedOnUtc"]) >= erroredOn);
        Assert.Equal(active["erroredOnUtc"].Str(), resolved["erroredOnUtc"].Str());
    }

    [Fact]
    public async Task Get_ConnectionOfAnotherCompanyOfTheSameTenant_Returns404()
    {
        var ownerId = await _server.Client.CreateCompanyIdAsync("Owner");
        var otherId = await _server.Client.CreateCompanyIdAsync("Other");
        var id = (await _server.Client.CreateConnectionAsync(ownerId)).Id();

        await (await _server.Client.GetAsync($"/companies/{otherId}/connections/{id}")).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await _server.Client.UnlinkAsync(otherId, id)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await _server.Client.AuthorizeAsync(otherId, id)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await _server.Client.DeleteAsync($"/companies/{otherId}/connections/{id}")).ReadErrorAsync(HttpStatusCode.NotFound);

        Assert.Equal("PendingAuth", (await _server.Client.GetObjectAsync($"/companies/{ownerId}/connections/{id}"))["status"].Str());
    }
}
