using System.Net;
using System.Text;
using Switchboard.Client.Models;
using Switchboard.Client.Operations;
using Switchboard.Client.Tests.Infrastructure;

namespace Switchboard.Client.Tests;

public class RequestSerializationTests
{
    private const string Cid = TestClient.CompanyId;
    private const string Xid = TestClient.ConnectionId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApiKey_IsSentAsBasicAuthorization()
    {
        using var t = new TestClient(o => o.ApiKey = "my-api-key");
        t.Handler.Respond(HttpStatusCode.OK, Payloads.Connection);

        await t.Client.Connections.GetAsync(new() { CompanyId = Cid, ConnectionId = Xid }, cancellationToken: Ct);

        var request = Assert.Single(t.Requests);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("my-api-key")), request.Header("Authorization"));
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.StartsWith("Switchboard.Client/", request.Header("User-Agent"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthHeader_IsSentAsItIs()
    {
        using var t = new TestClient(o =>
        {
            o.ApiKey = null;
            o.AuthHeader = "Basic ZXhhbXBsZQ==";
        });
        t.Handler.Respond(HttpStatusCode.OK, Payloads.Connection);

        await t.Client.Connections.GetAsync(new() { CompanyId = Cid, ConnectionId = Xid }, cancellationToken: Ct);

        Assert.Equal("Basic ZXhhbXBsZQ==", Assert.Single(t.Requests).Header("Authorization"));
    }

    [Fact]
    public void ApiKeyAndAuthHeaderTogether_AreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new TestClient(o => o.AuthHeader = "Basic eA=="));

        Assert.Contains("ApiKey or AuthHeader", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://example.com/")]
    [InlineData("/relative")]
    public void BaseUriThatIsNotAnAbsoluteHttpAddress_IsRejected(string baseUri)
    {
        Assert.Throws<ArgumentException>(() => new TestClient(o => o.BaseUri = new Uri(baseUri, UriKind.RelativeOrAbsolute)));
    }

    [Theory]
    [InlineData("https://host.test", "/companies")]
    [InlineData("https://host.test/", "/companies")]
    [InlineData("https://host.test/switchboard", "/switchboard/companies")]
    [InlineData("https://host.test/switchboard/", "/switchboard/companies")]
    public async Task BaseUriPath_IsKept(string baseUri, string expectedPath)
    {
        using var t = new TestClient(o => o.BaseUri = new Uri(baseUri));
        t.Handler.Respond(HttpStatusCode.OK, """{"results":[],"pageNumber":1,"pageSize":100,"totalResults":0,"_links":{}}""");

        await t.Client.Companies.ListAsync(new(), cancellationToken: Ct);

        Assert.Equal(expectedPath, Assert.Single(t.Requests).PathAndQuery);
    }

    [Fact]
    public async Task CreateConnection_PostsThePlatformKey()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, Payloads.Connection);

        var response = await t.Client.Connections.CreateAsync(
            new CreateConnectionRequest { CompanyId = Cid, RequestBody = new CreateConnectionRequestBody { PlatformKey = "gbol" } },
            cancellationToken: Ct);

        var request = Assert.Single(t.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal($"/companies/{Cid}/connections", request.PathAndQuery);
        Assert.Equal("""{"platformKey":"gbol"}""", request.Body);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal(200, response.StatusCode);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal(DataConnectionStatus.PendingAuth, response.Connection.Status);
        Assert.NotNull(response.RawResponse);
    }

    [Fact]
    public async Task DeleteConnection_SendsDeleteToTheConnection()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK);

        var response = await t.Client.Connections.DeleteAsync(new DeleteConnectionRequest { CompanyId = Cid, ConnectionId = Xid }, cancellationToken: Ct);

        var request = Assert.Single(t.Requests);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.Equal($"/companies/{Cid}/connections/{Xid}", request.PathAndQuery);
        Assert.Null(request.Body);
        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task GetConnection_GetsTheConnection()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, Payloads.Connection);

        var response = await t.Client.Connections.GetAsync(new GetConnectionRequest { CompanyId = Cid, ConnectionId = Xid }, cancellationToken: Ct);

        var request = Assert.Single(t.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal($"/companies/{Cid}/connections/{Xid}", request.PathAndQuery);
        Assert.Equal(Xid, response.Connection.Id);
    }

    [Fact]
    public async Task ListConnections_EncodesPagingQueryAndOrder()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, Payloads.ConnectionsPage(2, 50, 51, null, "a"));

        var response = await t.Client.Connections.ListAsync(
            new ListConnectionsRequest
            {
                CompanyId = Cid,
                Page = 2,
                PageSize = 50,
                Query = "status=Linked&&sourceType=Accounting",
                OrderBy = "-created",
            },
            cancellationToken: Ct);

        Assert.Equal(
            $"/companies/{Cid}/connections?page=2&pageSize=50&query=status%3DLinked%26%26sourceType%3DAccounting&orderBy=-created",
            Assert.Single(t.Requests).PathAndQuery);
        Assert.Equal(2, response.Connections.PageNumber);
        Assert.Equal(50, response.Connections.PageSize);
        Assert.Equal(51, response.Connections.TotalResults);
        Assert.Equal("a", Assert.Single(response.Connections.Results).Id);
        Assert.Equal($"/companies/{Cid}/connections", response.Connections.Links!.Self!.Href);
    }

    [Fact]
    public async Task ListConnections_QueryWithGroupsOrAndSpaces_RoundTrips()
    {
        const string query = "{status=Linked || status=Unlinked} && platformName~Sage 50 + more/é";
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, Payloads.ConnectionsPage(1, 100, 0, null));

        await t.Client.Connections.ListAsync(new ListConnectionsRequest { CompanyId = Cid, Query = query }, cancellationToken: Ct);

        var sent = Assert.Single(t.Requests).PathAndQuery;
        var value = sent[(sent.IndexOf("?query=", StringComparison.Ordinal) + "?query=".Length)..];
        Assert.DoesNotContain(value, c => c is '&' or '|' or '{' or '}' or ' ' or '+' or '/' or '=');
        Assert.Equal(query, Uri.UnescapeDataString(value));
    }

    [Fact]
    public async Task ListConnections_WithoutParameters_SendsNoQueryString()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, Payloads.ConnectionsPage(1, 100, 0, null));

        await t.Client.Connections.ListAsync(new ListConnectionsRequest { CompanyId = Cid }, cancellationToken: Ct);

        Assert.Equal($"/companies/{Cid}/connections", Assert.Single(t.Requests).PathAndQuery);
    }

    [Fact]
    public async Task UnlinkConnection_PatchesTheStatusUnlinkedByDefault()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, Payloads.Connection.Replace("PendingAuth", "Unlinked", StringComparison.Ordinal));

        var response = await t.Client.Connections.UnlinkAsync(
            new UnlinkConnectionRequest { CompanyId = Cid, ConnectionId = Xid, UpdateConnectionStatus = new UpdateConnectionStatus() },
            cancellationToken: Ct);

        var request = Assert.Single(t.Requests);
        Assert.Equal(HttpMethod.Patch, request.Method);
        Assert.Equal($"/companies/{Cid}/connections/{Xid}", request.PathAndQuery);
        Assert.Equal("""{"status":"Unlinked"}""", request.Body);
        Assert.Equal(DataConnectionStatus.Unlinked, response.Connection.Status);
    }

    [Fact]
    public async Task UnlinkConnection_SendsTheStatusTheCallerSet()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.BadRequest, Payloads.Error(400, "Only Unlinked is accepted."));

        await Assert.ThrowsAsync<SwitchboardApiException>(() => t.Client.Connections.UnlinkAsync(
            new UnlinkConnectionRequest { CompanyId = Cid, ConnectionId = Xid, UpdateConnectionStatus = new() { Status = DataConnectionStatus.Linked } },
            cancellationToken: Ct));

        Assert.Equal("""{"status":"Linked"}""", Assert.Single(t.Requests).Body);
    }

    [Fact]
    public async Task UpdateAuthorization_PutsTheMap()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, Payloads.Connection.Replace("PendingAuth", "Linked", StringComparison.Ordinal));

        var response = await t.Client.Connections.UpdateAuthorizationAsync(
            new UpdateConnectionAuthorizationRequest
            {
                CompanyId = Cid,
                ConnectionId = Xid,
                RequestBody = new Dictionary<string, string> { ["Neptunium"] = "Books", ["clientSecret"] = "s3cr\"et" },
            },
            cancellationToken: Ct);

        var request = Assert.Single(t.Requests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal($"/companies/{Cid}/connections/{Xid}/authorization", request.PathAndQuery);
        Assert.Equal("""{"Neptunium":"Books","clientSecret":"s3cr\u0022et"}""", request.Body);
        Assert.Equal(DataConnectionStatus.Linked, response.Connection.Status);
    }

    [Fact]
    public async Task UpdateAuthorization_WithNoValues_PutsAnEmptyObject()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, Payloads.Connection);

        await t.Client.Connections.UpdateAuthorizationAsync(
            new UpdateConnectionAuthorizationRequest { CompanyId = Cid, ConnectionId = Xid }, cancellationToken: Ct);

        Assert.Equal("{}", Assert.Single(t.Requests).Body);
    }

    [Fact]
    public async Task Identifiers_AreEscapedAsPathSegments()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, Payloads.Connection);

        await t.Client.Connections.GetAsync(new GetConnectionRequest { CompanyId = "a b/c?d", ConnectionId = "x#y" }, cancellationToken: Ct);

        Assert.Equal("/companies/a%20b%2Fc%3Fd/connections/x%23y", Assert.Single(t.Requests).PathAndQuery);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task BlankIdentifier_IsRejectedBeforeSending(string companyId)
    {
        using var t = new TestClient();

        await Assert.ThrowsAsync<ArgumentException>(
            () => t.Client.Connections.GetAsync(new GetConnectionRequest { CompanyId = companyId, ConnectionId = Xid }, cancellationToken: Ct));

        Assert.Empty(t.Requests);
    }

    [Fact]
    public async Task RequestOptionsHeaders_AreSentAndReplaceTheClientsOwn()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, Payloads.Connection);
        var options = new RequestOptions { Headers = { ["X-Trace"] = "t-1", ["User-Agent"] = "my-app/1.0" } };

        await t.Client.Connections.GetAsync(new() { CompanyId = Cid, ConnectionId = Xid }, options: options, cancellationToken: Ct);

        var request = Assert.Single(t.Requests);
        Assert.Equal("t-1", request.Header("X-Trace"));
        Assert.Equal("my-app/1.0", request.Header("User-Agent"));
    }

    [Fact]
    public async Task CreateCompany_PostsTheBodyWithoutNulls()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, Payloads.Company).Respond(HttpStatusCode.OK, Payloads.Company);

        await t.Client.Companies.CreateAsync(new CompanyRequestBody { Name = "Toft stores" }, cancellationToken: Ct);
        var response = await t.Client.Companies.CreateAsync(
            new CompanyRequestBody { Name = "Toft stores", Description = "Requested early access", Tags = new Dictionary<string, string> { ["region"] = "uk" } },
            cancellationToken: Ct);

        Assert.All(t.Requests, r => Assert.Equal((HttpMethod.Post, "/companies"), (r.Method, r.PathAndQuery)));
        Assert.Equal("""{"name":"Toft stores"}""", t.Requests[0].Body);
        Assert.Equal("""{"name":"Toft stores","description":"Requested early access","tags":{"region":"uk"}}""", t.Requests[1].Body);
        Assert.Equal("Toft stores", response.Company.Name);
        Assert.Equal("uk", response.Company.Tags!["region"]);
    }

    [Fact]
    public async Task ListCompanies_EncodesParametersAndTags()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, """{"results":[],"pageNumber":3,"pageSize":10,"totalResults":0,"_links":{}}""");

        var response = await t.Client.Companies.ListAsync(
            new ListCompaniesRequest { Page = 3, PageSize = 10, Query = "name~Toft", OrderBy = "name", Tags = "region=uk" }, cancellationToken: Ct);

        Assert.Equal("/companies?page=3&pageSize=10&query=name~Toft&orderBy=name&tags=region%3Duk", Assert.Single(t.Requests).PathAndQuery);
        Assert.Equal(3, response.Companies.PageNumber);
    }

    [Fact]
    public async Task GetReplaceUpdateDeleteCompany_UseTheRightMethodsPathsAndBodies()
    {
        using var t = new TestClient();
        t.Handler
            .Respond(HttpStatusCode.OK, Payloads.Company)
            .Respond(HttpStatusCode.OK, Payloads.Company)
            .Respond(HttpStatusCode.OK, Payloads.Company)
            .Respond(HttpStatusCode.NoContent);

        await t.Client.Companies.GetAsync(new GetCompanyRequest { CompanyId = Cid }, cancellationToken: Ct);
        await t.Client.Companies.ReplaceAsync(
            new ReplaceCompanyRequest { CompanyId = Cid, CompanyRequestBody = new() { Name = "New name" } }, cancellationToken: Ct);
        await t.Client.Companies.UpdateAsync(
            new UpdateCompanyRequest { CompanyId = Cid, CompanyUpdateRequest = new() { Description = "Moved" } }, cancellationToken: Ct);
        var deleted = await t.Client.Companies.DeleteAsync(new DeleteCompanyRequest { CompanyId = Cid }, cancellationToken: Ct);

        Assert.Equal(
            [
                ("GET", $"/companies/{Cid}", null),
                ("PUT", $"/companies/{Cid}", """{"name":"New name"}"""),
                ("PATCH", $"/companies/{Cid}", """{"description":"Moved"}"""),
                ("DELETE", $"/companies/{Cid}", (string?)null),
            ],
            t.Requests.Select(r => (r.Method.Method, r.PathAndQuery, r.Body)));
        Assert.Equal(204, deleted.StatusCode);
        Assert.NotNull(t.Requests[2].Header("Idempotency-Key"));
    }

    [Fact]
    public async Task Integrations_UseTheirPaths()
    {
        using var t = new TestClient();
        t.Handler
            .Respond(HttpStatusCode.OK, """{"results":[{"key":"gbol","name":"Sandbox","logoUrl":"https://x/l.png","enabled":true}],"pageNumber":1,"pageSize":5,"totalResults":1,"_links":{}}""")
            .Respond(HttpStatusCode.OK, """{"key":"gbol","name":"Sandbox","logoUrl":"https://x/l.png","enabled":true,"sourceType":"Accounting"}""")
            .Respond(HttpStatusCode.OK, """{"sourceId":"s-1","logo":{"full":{"image":{"src":"https://x/full.png","alt":"Sandbox"}}},"button":{"default":{"image":{"src":"https://x/b.png"}}}}""");

        var list = await t.Client.Integrations.ListAsync(new ListIntegrationsRequest { PageSize = 5, Query = "sourceType=Accounting" }, cancellationToken: Ct);
        var one = await t.Client.Integrations.GetAsync(new GetIntegrationRequest { PlatformKey = "gbol" }, cancellationToken: Ct);
        var branding = await t.Client.Integrations.GetBrandingAsync(new GetIntegrationBrandingRequest { PlatformKey = "gbol" }, cancellationToken: Ct);

        Assert.Equal(
            ["/integrations?pageSize=5&query=sourceType%3DAccounting", "/integrations/gbol", "/integrations/gbol/branding"],
            t.Requests.Select(r => r.PathAndQuery));
        Assert.Equal("gbol", Assert.Single(list.Integrations.Results).Key);
        Assert.Equal(SourceType.Accounting, one.Integration.SourceType);
        Assert.True(one.Integration.Enabled);
        Assert.Equal("https://x/full.png", branding.Branding.Logo!.Full!.Image!.Src);
        Assert.Equal("https://x/b.png", branding.Branding.Button!.Default!.Image!.Src);
    }

    [Fact]
    public async Task UpdateProfile_PutsTheWholeProfile_LeavingOutWhatIsNotSet()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, """{"name":"Bob's","redirectUrl":"https://x/{companyId}","whiteListUrls":[],"confirmCompanyName":false}""");

        var response = await t.Client.Profile.UpdateAsync(new Profile { Name = "Bob's", RedirectUrl = "https://x/{companyId}" }, cancellationToken: Ct);

        var request = Assert.Single(t.Requests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("/profile", request.PathAndQuery);
        Assert.Equal("""{"name":"Bob\u0027s","redirectUrl":"https://x/{companyId}"}""", request.Body);
        Assert.Equal("https://x/{companyId}", response.Profile.RedirectUrl);
        Assert.False(response.Profile.ConfirmCompanyName);
    }
}
