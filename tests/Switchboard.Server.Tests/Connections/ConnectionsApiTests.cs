using System.Net;
using System.Net.Http.Json;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Connections;

public sealed class ConnectionsApiTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

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
        Assert.Equal($"{_server.BaseAddress.GetLeftPart(UriPartial.Authority)}/link/companies/{companyId}/connections/{id}/start", connection["linkUrl"]!.GetValue<string>());
        Assert.Null(connection["lastSync"]);
        Assert.Null(connection["connectionInfo"]);
        Assert.EndsWith("Z", connection["created"]!.GetValue<string>(), StringComparison.Ordinal);
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
}
