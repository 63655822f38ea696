using System.Net;
using System.Text.Json;
using Switchboard.Client.Models;
using Switchboard.Client.Operations;
using Switchboard.Client.Tests.Contract.Host;

namespace Switchboard.Client.Tests.Contract;

/// <summary>Every Connections operation of the SDK against the real server: what goes over the wire and what comes back.</summary>
[Trait("Category", "Contract")]
public sealed class ConnectionsContractTests(SharedContractServer shared) : IClassFixture<SharedContractServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_ReturnsAPendingAuthConnectionWithItsLinkUrlAndTheIntegrationsFields()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var xero = (await t.Sdk.Integrations.GetAsync(new() { PlatformKey = "gbol" }, cancellationToken: Ct)).Integration;
        var before = DateTimeOffset.UtcNow;

        var res = await t.Sdk.Connections.CreateAsync(
            new CreateConnectionRequest { CompanyId = company.Id, RequestBody = new() { PlatformKey = "gbol" } }, cancellationToken: Ct);

        Assert.Equal(200, res.StatusCode);
        Assert.StartsWith("application/json", res.ContentType, StringComparison.Ordinal);
        Assert.NotNull(res.RawResponse?.Headers.ETag);
        var connection = res.Connection;
        Assert.True(Guid.TryParse(connection.Id, out _), connection.Id);
        Assert.Equal(DataConnectionStatus.PendingAuth, connection.Status);
        Assert.Equal("Xero", connection.PlatformName);
        Assert.Equal("gbol", connection.IntegrationKey);
        Assert.Equal(SourceType.Accounting, connection.SourceType);
        Assert.Equal(xero.IntegrationId, connection.IntegrationId);
        Assert.Equal(xero.SourceId, connection.SourceId);
        Assert.StartsWith($"{shared.Server.PublicBaseUrl}/link/companies/{company.Id}/connections/{connection.Id}/start?token=", connection.LinkUrl, StringComparison.Ordinal);
        Assert.NotNull(connection.Created);
        Assert.Equal(TimeSpan.Zero, connection.Created.Value.Offset);
        Assert.InRange(connection.Created.Value, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Null(connection.LastSync);
        Assert.Null(connection.DataConnectionErrors);
        Assert.Null(connection.ConnectionInfo);
    }

    [Fact]
    public async Task Create_SandboxConnection_TakesTheSandboxIntegrationsNameAndKey()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();

        var connection = await t.CreateConnectionAsync(company.Id, "mqjo");

        Assert.Equal("Sandbox", connection.PlatformName);
        Assert.Equal("mqjo", connection.IntegrationKey);
        Assert.Equal(SourceType.Accounting, connection.SourceType);
        Assert.Equal(DataConnectionStatus.PendingAuth, connection.Status);
    }

    [Fact]
    public async Task Get_ReturnsTheConnectionExactlyAsCreated()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var created = await t.CreateConnectionAsync(company.Id);

        var res = await t.Sdk.Connections.GetAsync(new() { CompanyId = company.Id, ConnectionId = created.Id }, cancellationToken: Ct);

        Assert.Equal(200, res.StatusCode);
        Assert.NotNull(res.RawResponse?.Headers.ETag);
        AssertSameConnection(created, res.Connection);
    }

    [Fact]
    public async Task List_WithoutParameters_ReturnsTheFirstPageOfAHundredWithOnlySelfAndCurrentLinks()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var first = await t.CreateConnectionAsync(company.Id);
        var second = await t.CreateConnectionAsync(company.Id, "mqjo");

        var res = await t.Sdk.Connections.ListAsync(new() { CompanyId = company.Id }, cancellationToken: Ct);

        Assert.Equal(200, res.StatusCode);
        var page = res.Connections;
        Assert.Equal([first.Id, second.Id], page.Results.Select(c => c.Id));
        AssertSameConnection(first, page.Results[0]);
        AssertSameConnection(second, page.Results[1]);
        Assert.Equal(1, page.PageNumber);
        Assert.Equal(100, page.PageSize);
        Assert.Equal(2, page.TotalResults);
        var self = $"/companies/{company.Id}/connections";
        Assert.Equal(self, page.Links?.Self?.Href);
        Assert.Equal($"{self}?page=1&pageSize=100", page.Links?.Current?.Href);
        Assert.Null(page.Links?.Next);
        Assert.Null(page.Links?.Previous);
    }

    [Fact]
    public async Task List_MiddlePage_ReturnsThatPageWithTheTotalAndNextAndPreviousLinks()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await t.CreateConnectionAsync(company.Id)).Id);
        }

        var page = (await t.Sdk.Connections.ListAsync(new() { CompanyId = company.Id, Page = 2, PageSize = 2 }, cancellationToken: Ct)).Connections;

        Assert.Equal(ids[2..4], page.Results.Select(c => c.Id));
        Assert.Equal(2, page.PageNumber);
        Assert.Equal(2, page.PageSize);
        Assert.Equal(5, page.TotalResults);
        var self = $"/companies/{company.Id}/connections";
        Assert.Equal(self, page.Links?.Self?.Href);
        Assert.Equal($"{self}?page=2&pageSize=2", page.Links?.Current?.Href);
        Assert.Equal($"{self}?page=3&pageSize=2", page.Links?.Next?.Href);
        Assert.Equal($"{self}?page=1&pageSize=2", page.Links?.Previous?.Href);
    }

    [Fact]
    public async Task List_PagePastTheEnd_ReturnsNoResultsButStillTheTotal()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        await t.CreateConnectionAsync(company.Id);

        var page = (await t.Sdk.Connections.ListAsync(new() { CompanyId = company.Id, Page = 4, PageSize = 1 }, cancellationToken: Ct)).Connections;

        Assert.Empty(page.Results);
        Assert.Equal(4, page.PageNumber);
        Assert.Equal(1, page.TotalResults);
        Assert.Null(page.Links?.Next);
        Assert.Equal($"/companies/{company.Id}/connections?page=3&pageSize=1", page.Links?.Previous?.Href);
    }

    [Fact]
    public async Task List_WithAQuery_ReturnsOnlyTheMatchesAndCountsThem()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var xero1 = await t.CreateConnectionAsync(company.Id);
        var sandbox1 = await t.CreateConnectionAsync(company.Id, "mqjo");
        var xero2 = await t.CreateConnectionAsync(company.Id);
        var sandbox2 = await t.CreateConnectionAsync(company.Id, "mqjo");
        await t.LinkAsync(company.Id, sandbox1);

        var linked = await ListAsync(t, company.Id, "status=Linked");
        var pendingSandboxes = await ListAsync(t, company.Id, "integrationKey=mqjo&&status=PendingAuth");
        var xeroOrLinked = await ListAsync(t, company.Id, "{platformName=Xero||status=Linked}");
        var none = await ListAsync(t, company.Id, "status=Deauthorized");

        Assert.Equal([sandbox1.Id], linked.Results.Select(c => c.Id));
        Assert.Equal(1, linked.TotalResults);
        Assert.Equal([sandbox2.Id], pendingSandboxes.Results.Select(c => c.Id));
        Assert.Equal(1, pendingSandboxes.TotalResults);
        // The query goes over the wire URL-encoded (its && must not split the query string) and comes back in the links.
        Assert.Equal(
            $"/companies/{company.Id}/connections?page=1&pageSize=100&query=integrationKey%3Dmqjo%26%26status%3DPendingAuth",
            pendingSandboxes.Links?.Current?.Href);
        Assert.Equal([xero1.Id, sandbox1.Id, xero2.Id], xeroOrLinked.Results.Select(c => c.Id));
        Assert.Equal(3, xeroOrLinked.TotalResults);
        Assert.Empty(none.Results);
        Assert.Equal(0, none.TotalResults);
    }

    [Fact]
    public async Task List_OrderedByDescendingModifiedDate_PutsTheMostRecentlyChangedFirst()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var a = await t.CreateConnectionAsync(company.Id, "mqjo");
        var b = await t.CreateConnectionAsync(company.Id, "mqjo");
        var c = await t.CreateConnectionAsync(company.Id, "mqjo");
        await t.LinkAsync(company.Id, a);

        var newestChangeFirst = await ListAsync(t, company.Id, orderBy: "-modifiedDate");
        var oldestChangeFirst = await ListAsync(t, company.Id, orderBy: "modifiedDate");
        var newestFirst = await ListAsync(t, company.Id, orderBy: "-created");

        Assert.Equal([a.Id, c.Id, b.Id], newestChangeFirst.Results.Select(x => x.Id));
        Assert.Equal(
            $"/companies/{company.Id}/connections?page=1&pageSize=100&orderBy=-modifiedDate",
            newestChangeFirst.Links?.Current?.Href);
        Assert.Equal([b.Id, c.Id, a.Id], oldestChangeFirst.Results.Select(x => x.Id));
        Assert.Equal([c.Id, b.Id, a.Id], newestFirst.Results.Select(x => x.Id));
        Assert.All([newestChangeFirst, oldestChangeFirst, newestFirst], page => Assert.Equal(3, page.TotalResults));
    }

    [Fact]
    public async Task ListAll_FollowsTheNextLinksOverEveryPage_AndYieldsEachConnectionExactlyOnce()
    {
        var handler = new RecordingHandler();
        var t = await shared.NewTenantAsync(handler: handler);
        var company = await t.CreateCompanyAsync();
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await t.CreateConnectionAsync(company.Id)).Id);
        }

        var listed = new List<string>();
        await foreach (var connection in t.Sdk.Connections.ListAllAsync(new() { CompanyId = company.Id, PageSize = 3 }, cancellationToken: Ct))
        {
            listed.Add(connection.Id);
        }

        Assert.Equal(ids, listed);
        var pages = handler.Exchanges.Where(e => e.Method == HttpMethod.Get).Select(e => e.Uri.PathAndQuery);
        var path = $"/companies/{company.Id}/connections";
        Assert.Equal([$"{path}?pageSize=3", $"{path}?page=2&pageSize=3", $"{path}?page=3&pageSize=3"], pages);
    }

    [Fact]
    public async Task ListAll_WithAQueryAndAnOrder_KeepsThemOnEveryPage()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var xero = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            xero.Add((await t.CreateConnectionAsync(company.Id)).Id);
            await t.CreateConnectionAsync(company.Id, "mqjo");
        }

        var listed = new List<string>();
        var request = new ListConnectionsRequest { CompanyId = company.Id, PageSize = 2, Query = "integrationKey=gbol", OrderBy = "-created" };
        await foreach (var connection in t.Sdk.Connections.ListAllAsync(request, cancellationToken: Ct))
        {
            Assert.Equal("gbol", connection.IntegrationKey);
            listed.Add(connection.Id);
        }

        xero.Reverse();
        Assert.Equal(xero, listed);
    }

    [Fact]
    public async Task UpdateAuthorization_XeroWithAccessAndRefreshTokens_LinksTheConnectionWithoutEverReturningTheSecrets()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var created = await t.CreateConnectionAsync(company.Id);

        var res = await t.Sdk.Connections.UpdateAuthorizationAsync(
            new()
            {
                CompanyId = company.Id,
                ConnectionId = created.Id,
                RequestBody = new Dictionary<string, string> { ["accessToken"] = "xero-access-secret", ["refreshToken"] = "xero-refresh-secret" },
            },
            cancellationToken: Ct);

        Assert.Equal(200, res.StatusCode);
        var linked = res.Connection;
        Assert.Equal(created.Id, linked.Id);
        Assert.Equal(DataConnectionStatus.Linked, linked.Status);
        // The same page; its signed token is issued for each version of the connection.
        Assert.Equal(LinkPage(created.LinkUrl), LinkPage(linked.LinkUrl));
        Assert.Equal(created.Created, linked.Created);
        Assert.NotNull(linked.ConnectionInfo);
        // Every connectionInfo value is a string (older official SDKs declare it string → string).
        Assert.Equal("accessToken,refreshToken", linked.ConnectionInfo["authorizationKeys"].GetString());
        var got = await t.Sdk.Connections.GetAsync(new() { CompanyId = company.Id, ConnectionId = created.Id }, cancellationToken: Ct);
        Assert.Equal(DataConnectionStatus.Linked, got.Connection.Status);
        foreach (var body in new[] { await res.RawResponse!.Content.ReadAsStringAsync(Ct), await got.RawResponse!.Content.ReadAsStringAsync(Ct) })
        {
            Assert.DoesNotContain("xero-access-secret", body, StringComparison.Ordinal);
            Assert.DoesNotContain("xero-refresh-secret", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UpdateAuthorization_SandboxWithNoValues_LinksTheConnection()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var created = await t.CreateConnectionAsync(company.Id, "mqjo");

        var res = await t.Sdk.Connections.UpdateAuthorizationAsync(
            new() { CompanyId = company.Id, ConnectionId = created.Id }, cancellationToken: Ct);

        Assert.Equal(200, res.StatusCode);
        Assert.Equal(DataConnectionStatus.Linked, res.Connection.Status);
        Assert.Equal(created.Id, res.Connection.Id);
    }

    [Fact]
    public async Task UpdateAuthorization_LinkedConnection_RotatesTheCredentialsAndStaysLinked()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var linked = await t.LinkAsync(company.Id, await t.CreateConnectionAsync(company.Id));

        var res = await t.Sdk.Connections.UpdateAuthorizationAsync(
            new()
            {
                CompanyId = company.Id,
                ConnectionId = linked.Id,
                RequestBody = new Dictionary<string, string> { ["accessToken"] = "at-2", ["refreshToken"] = "rt-2", ["tenantId"] = "t-1" },
            },
            cancellationToken: Ct);

        Assert.Equal(DataConnectionStatus.Linked, res.Connection.Status);
        Assert.Equal("accessToken,refreshToken,tenantId", res.Connection.ConnectionInfo!["authorizationKeys"].GetString());
    }

    [Fact]
    public async Task Unlink_LinkedConnection_ReturnsItUnlinkedAndGetAgrees()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var linked = await t.LinkAsync(company.Id, await t.CreateConnectionAsync(company.Id));

        var res = await t.Sdk.Connections.UnlinkAsync(new() { CompanyId = company.Id, ConnectionId = linked.Id }, cancellationToken: Ct);

        Assert.Equal(200, res.StatusCode);
        Assert.Equal(linked.Id, res.Connection.Id);
        Assert.Equal(DataConnectionStatus.Unlinked, res.Connection.Status);
        Assert.Equal(LinkPage(linked.LinkUrl), LinkPage(res.Connection.LinkUrl));
        var got = await t.Sdk.Connections.GetAsync(new() { CompanyId = company.Id, ConnectionId = linked.Id }, cancellationToken: Ct);
        Assert.Equal(DataConnectionStatus.Unlinked, got.Connection.Status);
    }

    [Fact]
    public async Task CreateLink_UnlinkedConnection_ReturnsAFreshLinkThatLinksItOnce_AndALinkedOneAnswers409()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        // The sandbox: its page links with one button (Xero's continues at Xero).
        var linked = await t.LinkAsync(company.Id, await t.CreateConnectionAsync(company.Id, "mqjo"));
        var request = new CreateLinkRequest { CompanyId = company.Id, ConnectionId = linked.Id };

        var refused = await Assert.ThrowsAsync<SwitchboardApiException>(() => t.Sdk.Connections.CreateLinkAsync(request, cancellationToken: Ct));
        Assert.Equal(409, refused.StatusCode);

        await t.Sdk.Connections.UnlinkAsync(new() { CompanyId = company.Id, ConnectionId = linked.Id }, cancellationToken: Ct);
        var res = await t.Sdk.Connections.CreateLinkAsync(request, cancellationToken: Ct);

        Assert.Equal(200, res.StatusCode);
        Assert.StartsWith($"{LinkPage(linked.LinkUrl)}?token=", res.ConnectionLink.LinkUrl, StringComparison.Ordinal);
        Assert.True(res.ConnectionLink.ExpiresAt > DateTimeOffset.UtcNow.AddDays(6));
        // As a browser: the page sets the antiforgery cookie and puts its token in the form, which goes back with it.
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
        var page = await browser.GetStringAsync(res.ConnectionLink.LinkUrl, Ct);
        var antiforgery = System.Text.RegularExpressions.Regex.Match(page, "name=\"(__RequestVerificationToken)\" value=\"([^\"]+)\"");
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { [antiforgery.Groups[1].Value] = WebUtility.HtmlDecode(antiforgery.Groups[2].Value), ["action"] = "connect" });
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync(res.ConnectionLink.LinkUrl, form, Ct)).StatusCode);
        var got = await t.Sdk.Connections.GetAsync(new() { CompanyId = company.Id, ConnectionId = linked.Id }, cancellationToken: Ct);
        Assert.Equal(DataConnectionStatus.Linked, got.Connection.Status);
    }

    [Fact]
    public async Task Unlink_AlreadyUnlinkedConnection_IsANoOpThatReturnsItUnchanged()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var linked = await t.LinkAsync(company.Id, await t.CreateConnectionAsync(company.Id));
        var request = new UnlinkConnectionRequest { CompanyId = company.Id, ConnectionId = linked.Id };
        var first = await t.Sdk.Connections.UnlinkAsync(request, cancellationToken: Ct);

        // A new call (the client sends a new idempotency key), not a replay: the server must treat it as a no-op.
        var again = await t.Sdk.Connections.UnlinkAsync(request, cancellationToken: Ct);

        Assert.Equal(200, again.StatusCode);
        Assert.Equal(DataConnectionStatus.Unlinked, again.Connection.Status);
        Assert.False(again.RawResponse!.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(first.RawResponse!.Headers.ETag, again.RawResponse.Headers.ETag);
        AssertSameConnection(first.Connection, again.Connection);
    }

    [Fact]
    public async Task UpdateAuthorization_UnlinkedConnection_LinksItAgain()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var linked = await t.LinkAsync(company.Id, await t.CreateConnectionAsync(company.Id, "mqjo"));
        await t.Sdk.Connections.UnlinkAsync(new() { CompanyId = company.Id, ConnectionId = linked.Id }, cancellationToken: Ct);

        var relinked = await t.LinkAsync(company.Id, linked);

        Assert.Equal(DataConnectionStatus.Linked, relinked.Status);
        Assert.Equal(linked.Id, relinked.Id);
    }

    [Fact]
    public async Task Unlink_WithTheCurrentETagInIfMatch_Succeeds()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var linked = await t.LinkAsync(company.Id, await t.CreateConnectionAsync(company.Id));
        var current = await t.Sdk.Connections.GetAsync(new() { CompanyId = company.Id, ConnectionId = linked.Id }, cancellationToken: Ct);
        var etag = current.RawResponse!.Headers.ETag!.ToString();

        var options = new RequestOptions { Headers = { ["If-Match"] = etag } };
        var res = await t.Sdk.Connections.UnlinkAsync(new() { CompanyId = company.Id, ConnectionId = linked.Id }, options: options, cancellationToken: Ct);

        Assert.Equal(DataConnectionStatus.Unlinked, res.Connection.Status);
        Assert.NotEqual(etag, res.RawResponse!.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task Delete_RemovesTheConnection_AfterWhichGetAnswers404CarryingThatResponsesCorrelationId()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var kept = await t.CreateConnectionAsync(company.Id);
        var doomed = await t.LinkAsync(company.Id, await t.CreateConnectionAsync(company.Id));

        var res = await t.Sdk.Connections.DeleteAsync(new() { CompanyId = company.Id, ConnectionId = doomed.Id }, cancellationToken: Ct);

        Assert.Equal(200, res.StatusCode);
        var error = await ApiErrorAssert.ThrowsAsync(404, "Connection not found: no such connection exists for this company.",
            () => t.Sdk.Connections.GetAsync(new() { CompanyId = company.Id, ConnectionId = doomed.Id }, cancellationToken: Ct));
        ApiErrorAssert.NoValidation(error);
        var remaining = (await t.Sdk.Connections.ListAsync(new() { CompanyId = company.Id }, cancellationToken: Ct)).Connections;
        Assert.Equal([kept.Id], remaining.Results.Select(c => c.Id));
        Assert.Equal(1, remaining.TotalResults);
        await ApiErrorAssert.ThrowsAsync(404, "Connection not found: no such connection exists for this company.",
            () => t.Sdk.Connections.DeleteAsync(new() { CompanyId = company.Id, ConnectionId = doomed.Id }, cancellationToken: Ct));
    }

    [Fact]
    public async Task Create_TwiceWithTheSameIdempotencyKey_ReturnsTheSameConnectionAndCreatesOnlyOne()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var request = new CreateConnectionRequest { CompanyId = company.Id, RequestBody = new() { PlatformKey = "gbol" } };
        var options = new RequestOptions { IdempotencyKey = Guid.NewGuid().ToString() };

        var first = await t.Sdk.Connections.CreateAsync(request, options: options, cancellationToken: Ct);
        var second = await t.Sdk.Connections.CreateAsync(request, options: options, cancellationToken: Ct);

        Assert.Equal(first.Connection.Id, second.Connection.Id);
        AssertSameConnection(first.Connection, second.Connection);
        Assert.Equal(200, second.StatusCode);
        Assert.Equal(first.RawResponse!.Headers.ETag, second.RawResponse!.Headers.ETag);
        Assert.False(first.RawResponse.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(["true"], second.RawResponse.Headers.GetValues("Idempotent-Replayed"));
        var all = (await t.Sdk.Connections.ListAsync(new() { CompanyId = company.Id }, cancellationToken: Ct)).Connections;
        Assert.Equal(1, all.TotalResults);
        Assert.Equal(first.Connection.Id, Assert.Single(all.Results).Id);
    }

    [Fact]
    public async Task Client_SendsItsOwnIdempotencyKeyWithEveryPostAndPatch_WhichTheServerHonours()
    {
        var handler = new RecordingHandler();
        var t = await shared.NewTenantAsync(handler: handler);
        var company = await t.CreateCompanyAsync();
        var connection = await t.CreateConnectionAsync(company.Id);
        await t.LinkAsync(company.Id, connection);
        await t.Sdk.Connections.GetAsync(new() { CompanyId = company.Id, ConnectionId = connection.Id }, cancellationToken: Ct);
        await t.Sdk.Connections.UnlinkAsync(new() { CompanyId = company.Id, ConnectionId = connection.Id }, cancellationToken: Ct);
        await t.Sdk.Connections.DeleteAsync(new() { CompanyId = company.Id, ConnectionId = connection.Id }, cancellationToken: Ct);

        var exchanges = handler.Exchanges;
        Assert.Equal(
            ["POST", "POST", "PUT", "GET", "PATCH", "DELETE"],
            exchanges.Select(e => e.Method.Method));
        Assert.All(exchanges, e => Assert.Equal(200, e.StatusCode));
        Assert.All(exchanges, e => Assert.False(e.Replayed));
        var keyed = exchanges.Where(e => e.Method == HttpMethod.Post || e.Method == HttpMethod.Patch).ToList();
        Assert.All(keyed, e => Assert.True(Guid.TryParse(e.IdempotencyKey, out _), $"{e.Method} {e.Uri}: '{e.IdempotencyKey}'"));
        Assert.Equal(keyed.Count, keyed.Select(e => e.IdempotencyKey).Distinct().Count());
        Assert.All(exchanges.Except(keyed), e => Assert.Null(e.IdempotencyKey));

        // The server kept the key of the connection's creation: sending it again replays that answer instead of creating another.
        var replay = await t.Sdk.Connections.CreateAsync(
            new() { CompanyId = company.Id, RequestBody = new() { PlatformKey = "gbol" } },
            options: new RequestOptions { IdempotencyKey = keyed[1].IdempotencyKey },
            cancellationToken: Ct);
        Assert.Equal(connection.Id, replay.Connection.Id);
        Assert.Equal(DataConnectionStatus.PendingAuth, replay.Connection.Status);
        Assert.True(handler.Exchanges[^1].Replayed);
    }

    private static async Task<Connections> ListAsync(Tenant t, string companyId, string? query = null, string? orderBy = null) =>
        (await t.Sdk.Connections.ListAsync(new() { CompanyId = companyId, Query = query, OrderBy = orderBy }, cancellationToken: Ct)).Connections;

    private static void AssertSameConnection(Connection expected, Connection actual) =>
        Assert.Equal(JsonSerializer.Serialize(Describe(expected)), JsonSerializer.Serialize(Describe(actual)));

    private static string? LinkPage(string? linkUrl) => linkUrl?.Split('?')[0];

    private static object Describe(Connection c) => new
    {
        c.Id,
        c.IntegrationId,
        c.IntegrationKey,
        c.SourceId,
        SourceType = c.SourceType?.ToString(),
        c.PlatformName,
        c.LinkUrl,
        Status = c.Status?.ToString(),
        c.LastSync,
        c.Created,
        Errors = c.DataConnectionErrors?.Count,
        Info = c.ConnectionInfo?.ToDictionary(p => p.Key, p => p.Value.GetRawText()),
    };
}
