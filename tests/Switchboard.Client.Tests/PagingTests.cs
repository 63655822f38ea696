using System.Net;
using Switchboard.Client.Operations;
using Switchboard.Client.Tests.Infrastructure;

namespace Switchboard.Client.Tests;

public class PagingTests
{
    private const string Cid = TestClient.CompanyId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListAll_FollowsNextLinksUntilTheLastPage()
    {
        using var t = new TestClient();
        t.Handler
            .Respond(HttpStatusCode.OK, Payloads.ConnectionsPage(1, 2, 5, $"/companies/{Cid}/connections?page=2&pageSize=2&query=status%3DLinked", "a", "b"))
            .Respond(HttpStatusCode.OK, Payloads.ConnectionsPage(2, 2, 5, $"/companies/{Cid}/connections?page=3&pageSize=2&query=status%3DLinked", "c", "d"))
            .Respond(HttpStatusCode.OK, Payloads.ConnectionsPage(3, 2, 5, null, "e"));

        var ids = new List<string>();
        await foreach (var connection in t.Client.Connections.ListAllAsync(
            new ListConnectionsRequest { CompanyId = Cid, PageSize = 2, Query = "status=Linked" }, cancellationToken: Ct))
        {
            ids.Add(connection.Id);
        }

        Assert.Equal(["a", "b", "c", "d", "e"], ids);
        Assert.Equal(
            [
                $"/companies/{Cid}/connections?pageSize=2&query=status%3DLinked",
                $"/companies/{Cid}/connections?page=2&pageSize=2&query=status%3DLinked",
                $"/companies/{Cid}/connections?page=3&pageSize=2&query=status%3DLinked",
            ],
            t.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task ListAll_StartsAtTheRequestedPage()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, Payloads.ConnectionsPage(4, 10, 31, null, "z"));

        var all = await ToListAsync(t.Client.Connections.ListAllAsync(new ListConnectionsRequest { CompanyId = Cid, Page = 4, PageSize = 10 }, cancellationToken: Ct));

        Assert.Equal("z", Assert.Single(all).Id);
        Assert.Equal($"/companies/{Cid}/connections?page=4&pageSize=10", Assert.Single(t.Requests).PathAndQuery);
    }

    [Fact]
    public async Task ListAll_NeverLeavesTheConfiguredServer()
    {
        using var t = new TestClient();
        t.Handler
            .Respond(HttpStatusCode.OK, Payloads.ConnectionsPage(1, 1, 2, "https://evil.test/steal?page=2", "a"))
            .Respond(HttpStatusCode.OK, Payloads.ConnectionsPage(2, 1, 2, null, "b"));

        var all = await ToListAsync(t.Client.Connections.ListAllAsync(new ListConnectionsRequest { CompanyId = Cid, PageSize = 1 }, cancellationToken: Ct));

        Assert.Equal(2, all.Count);
        Assert.All(t.Requests, r => Assert.Equal("switchboard.test", r.Uri.Host));
        Assert.Equal($"/companies/{Cid}/connections?page=2&pageSize=1", t.Requests[1].PathAndQuery);
    }

    [Fact]
    public async Task ListAll_StopsWhenANextLinkDoesNotMoveForward()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, Payloads.ConnectionsPage(1, 1, 9, $"/companies/{Cid}/connections?page=1", "a"));

        var all = await ToListAsync(t.Client.Connections.ListAllAsync(new ListConnectionsRequest { CompanyId = Cid }, cancellationToken: Ct));

        Assert.Single(all);
        Assert.Single(t.Requests);
    }

    [Fact]
    public async Task ListAll_NextLinkWithoutPage_ReadsTheFollowingPage()
    {
        using var t = new TestClient();
        t.Handler
            .Respond(HttpStatusCode.OK, Payloads.ConnectionsPage(1, 1, 2, $"/companies/{Cid}/connections?cursor=abc", "a"))
            .Respond(HttpStatusCode.OK, Payloads.ConnectionsPage(2, 1, 2, null, "b"));

        var all = await ToListAsync(t.Client.Connections.ListAllAsync(new ListConnectionsRequest { CompanyId = Cid }, cancellationToken: Ct));

        Assert.Equal(["a", "b"], all.Select(c => c.Id));
    }

    [Fact]
    public async Task ListAll_OfAnEmptyList_YieldsNothing()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, Payloads.ConnectionsPage(1, 100, 0, null));

        var all = await ToListAsync(t.Client.Connections.ListAllAsync(new ListConnectionsRequest { CompanyId = Cid }, cancellationToken: Ct));

        Assert.Empty(all);
    }

    [Fact]
    public async Task ListAll_ErrorOnALaterPage_IsThrownAfterTheEarlierItems()
    {
        using var t = new TestClient(o => o.RetryConfig = RetryConfig.None);
        t.Handler
            .Respond(HttpStatusCode.OK, Payloads.ConnectionsPage(1, 1, 2, $"/companies/{Cid}/connections?page=2", "a"))
            .Respond(HttpStatusCode.BadRequest, Payloads.Error(400, "Error parsing query - Malformed query."));
        var seen = new List<string>();

        var error = await Assert.ThrowsAsync<SwitchboardApiException>(async () =>
        {
            await foreach (var connection in t.Client.Connections.ListAllAsync(new ListConnectionsRequest { CompanyId = Cid }, cancellationToken: Ct))
            {
                seen.Add(connection.Id);
            }
        });

        Assert.Equal(["a"], seen);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task CompaniesAndIntegrations_ListAllFollowNextLinks()
    {
        using var t = new TestClient();
        t.Handler
            .Respond(HttpStatusCode.OK, """{"results":[{"id":"c1","name":"One"}],"pageNumber":1,"pageSize":1,"totalResults":2,"_links":{"next":{"href":"/companies?page=2&pageSize=1"}}}""")
            .Respond(HttpStatusCode.OK, """{"results":[{"id":"c2","name":"Two"}],"pageNumber":2,"pageSize":1,"totalResults":2,"_links":{}}""")
            .Respond(HttpStatusCode.OK, """{"results":[{"key":"gbol","name":"Sandbox","enabled":true}],"pageNumber":1,"pageSize":1,"totalResults":2,"_links":{"next":{"href":"/integrations?page=2&pageSize=1"}}}""")
            .Respond(HttpStatusCode.OK, """{"results":[{"key":"xero","name":"Xero","enabled":true}],"pageNumber":2,"pageSize":1,"totalResults":2,"_links":{}}""");

        var companies = await ToListAsync(t.Client.Companies.ListAllAsync(new ListCompaniesRequest { PageSize = 1, Tags = "region=uk" }, cancellationToken: Ct));
        var integrations = await ToListAsync(t.Client.Integrations.ListAllAsync(new ListIntegrationsRequest { PageSize = 1 }, cancellationToken: Ct));

        Assert.Equal(["c1", "c2"], companies.Select(c => c.Id));
        Assert.Equal(["gbol", "xero"], integrations.Select(i => i.Key));
        Assert.Equal("/companies?page=2&pageSize=1&tags=region%3Duk", t.Requests[1].PathAndQuery);
        Assert.Equal("/integrations?page=2&pageSize=1", t.Requests[3].PathAndQuery);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
