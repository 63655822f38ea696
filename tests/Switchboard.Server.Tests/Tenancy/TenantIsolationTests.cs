using System.Net;
using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Tenancy;

/// <summary>
/// A tenant can never see, change or learn of another tenant's companies and connections: with the other's
/// ids every route answers 404 (as for an id that does not exist), lists leave them out, and nothing changes.
/// </summary>
public sealed class TenantIsolationTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly SwitchboardTestServer _server = shared.Server;

    /// <summary>Every company and connection route, with a body the owner could send.</summary>
    public static TheoryData<string, string, string?> Routes => new()
    {
        { "GET", "/companies/{company}", null },
        { "PUT", "/companies/{company}", """{"name":"Taken over"}""" },
        { "PATCH", "/companies/{company}", """{"name":"Taken over"}""" },
        { "DELETE", "/companies/{company}", null },
        { "GET", "/companies/{company}/connections", null },
        { "GET", "/companies/{company}/connections?query=status%3DLinked", null },
        { "POST", "/companies/{company}/connections", """{"platformKey":"gbol"}""" },
        { "GET", "/companies/{company}/connections/{connection}", null },
        { "PATCH", "/companies/{company}/connections/{connection}", """{"status":"Unlinked"}""" },
        { "PATCH", "/companies/{company}/connections/{connection}", "{}" },
        { "DELETE", "/companies/{company}/connections/{connection}", null },
        { "PUT", "/companies/{company}/connections/{connection}/authorization", """{"accessToken":"stolen","refreshToken":"stolen"}""" },
        { "POST", "/simulate/companies/{company}/connections/{connection}/deauthorize", "{}" },
    };

    public static TheoryData<string, string, string?> ConnectionRoutes =>
        [.. Routes.Where(r => r.Data.Item2.Contains("{connection}", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task OtherTenant_WithTheFirstTenantsIds_Gets404AndChangesNothing(string method, string path, string? body)
    {
        var owned = await OwnedDataAsync();
        using var other = await _server.CreateTenantClientAsync();
        var target = owned.Fill(path);

        var response = await other.SendAsync(new HttpMethod(method), target, body);

        var error = await response.ReadErrorAsync(HttpStatusCode.NotFound);
        var unknown = await (await other.SendAsync(new HttpMethod(method), target.Replace(owned.CompanyId, Guid.NewGuid().ToString(), StringComparison.Ordinal), body))
            .ReadErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(unknown.Error(), error.Error());
        await owned.AssertUnchangedAsync();
    }

    [Theory]
    [MemberData(nameof(ConnectionRoutes))]
    public async Task OtherTenant_WithItsOwnCompanyAndTheFirstTenantsConnection_Gets404(string method, string path, string? body)
    {
        var owned = await OwnedDataAsync();
        using var other = await _server.CreateTenantClientAsync();
        var ownCompanyId = await other.CreateCompanyIdAsync("Other's own");
        var target = owned.Fill(path).Replace(owned.CompanyId, ownCompanyId, StringComparison.Ordinal);

        var response = await other.SendAsync(new HttpMethod(method), target, body);

        await response.ReadErrorAsync(HttpStatusCode.NotFound);
        await owned.AssertUnchangedAsync();
    }

    [Fact]
    public async Task OtherTenant_ListsAndQueriesShowNothingOfTheFirstTenant()
    {
        var owned = await OwnedDataAsync();
        using var other = await _server.CreateTenantClientAsync();

        var companies = await other.GetObjectAsync("/companies?pageSize=5000");
        var byId = await other.GetObjectAsync("/companies?query=" + Uri.EscapeDataString($"id={owned.CompanyId}"));
        var byConnection = await other.GetObjectAsync("/companies?query=" + Uri.EscapeDataString($"dataConnections.id={owned.ConnectionId}"));
        var linked = await other.GetObjectAsync("/companies?query=" + Uri.EscapeDataString("dataConnections.status=Linked"));

        Assert.Equal(0, companies["totalResults"]!.GetValue<int>());
        Assert.Empty(companies["results"]!.AsArray());
        Assert.Equal(0, byId["totalResults"]!.GetValue<int>());
        Assert.Equal(0, byConnection["totalResults"]!.GetValue<int>());
        Assert.Equal(0, linked["totalResults"]!.GetValue<int>());
        await owned.AssertUnchangedAsync();
    }

    [Fact]
    public async Task OtherTenant_SeesOnlyItsOwnCompaniesAndConnections()
    {
        var owned = await OwnedDataAsync();
        using var other = await _server.CreateTenantClientAsync();
        var ownCompanyId = await other.CreateCompanyIdAsync("Other's own");
        var ownConnectionId = (await other.CreateConnectionAsync(ownCompanyId, "gbol")).Id();

        var companies = await other.GetObjectAsync("/companies");
        var company = await other.GetObjectAsync($"/companies/{ownCompanyId}");

        Assert.Equal([ownCompanyId], companies["results"]!.AsArray().Select(r => r!["id"].Str()));
        Assert.Equal([ownConnectionId], company["dataConnections"]!.AsArray().Select(r => r!["id"].Str()));
        var firstTenantsView = await _server.Client.GetObjectAsync("/companies?query=" + Uri.EscapeDataString($"id={ownCompanyId}"));
        Assert.Equal(0, firstTenantsView["totalResults"]!.GetValue<int>());
        await (await _server.Client.GetAsync($"/companies/{ownCompanyId}")).ReadErrorAsync(HttpStatusCode.NotFound);
        await owned.AssertUnchangedAsync();
    }

    private async Task<OwnedData> OwnedDataAsync()
    {
        var company = await (await _server.Client.SendAsync(HttpMethod.Post, "/companies", """{"name":"Owner","description":"mine","tags":{"k":"v"}}"""))
            .ReadObjectAsync(HttpStatusCode.OK);
        var connectionId = (await _server.Client.CreateConnectionAsync(company.Id(), "gbol")).Id();
        (await _server.Client.AuthorizeAsync(company.Id(), connectionId)).EnsureSuccessStatusCode();
        var data = new OwnedData(_server, company.Id(), connectionId);
        await data.CaptureAsync();
        return data;
    }

    /// <summary>The first tenant's company with a Linked connection, and how they looked before the other tenant tried.</summary>
    private sealed class OwnedData(SwitchboardTestServer server, string companyId, string connectionId)
    {
        private JsonObject _company = null!;
        private JsonObject _connection = null!;
        private ConnectionRowSnapshot? _row;

        public string CompanyId => companyId;

        public string ConnectionId => connectionId;

        public string Fill(string path) =>
            path.Replace("{company}", companyId, StringComparison.Ordinal).Replace("{connection}", connectionId, StringComparison.Ordinal);

        public async Task CaptureAsync()
        {
            _company = await server.Client.GetObjectAsync($"/companies/{companyId}");
            _connection = await server.Client.GetObjectAsync($"/companies/{companyId}/connections/{connectionId}");
            _row = ConnectionRowSnapshot.From(await server.FindConnectionRowAsync(connectionId));
        }

        public async Task AssertUnchangedAsync()
        {
            var company = await server.Client.GetObjectAsync($"/companies/{companyId}");
            var connection = await server.Client.GetObjectAsync($"/companies/{companyId}/connections/{connectionId}");
            Assert.True(JsonNode.DeepEquals(_company, company), $"company was {_company}, is {company}");
            Assert.True(JsonNode.DeepEquals(_connection, connection), $"connection was {_connection}, is {connection}");
            Assert.Equal(_row, ConnectionRowSnapshot.From(await server.FindConnectionRowAsync(connectionId)));
            var list = await server.Client.GetObjectAsync($"/companies/{companyId}/connections");
            Assert.Equal(1, list["totalResults"]!.GetValue<int>());
        }
    }
}
