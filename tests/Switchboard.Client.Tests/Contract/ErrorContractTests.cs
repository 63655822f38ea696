using Switchboard.Client.Models;
using Switchboard.Client.Operations;
using Switchboard.Client.Tests.Contract.Host;

namespace Switchboard.Client.Tests.Contract;

/// <summary>
/// Every kind of error the server gives, as the SDK surfaces it: a <see cref="SwitchboardApiException"/> with the status,
/// the server's exact message, and a correlation id that matches the response's <c>X-Correlation-Id</c> header.
/// (429 needs a server with tight rate limits: <see cref="RateLimitContractTests"/>.)
/// </summary>
[Trait("Category", "Contract")]
public sealed class ErrorContractTests(SharedContractServer shared) : IClassFixture<SharedContractServer>
{
    private const string CompanyNotFound = "Company not found: no company with this id exists.";
    private const string ConnectionNotFound = "Connection not found: no such connection exists for this company.";
    private const string Unauthorized = "Unauthorized: send 'Authorization: Basic <base64 of your API key>'.";
    private const string PreconditionFailed = "The resource has changed since you read it (If-Match did not match its ETag). Read it again and retry.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // ---- 400 ----

    [Fact]
    public async Task Create_UnknownPlatformKey_Is400NamingTheKey()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();

        var error = await ApiErrorAssert.ThrowsAsync(400, "platformKey 'zzzz' is not a known integration (see GET /integrations).",
            () => t.Sdk.Connections.CreateAsync(new() { CompanyId = company.Id, RequestBody = new() { PlatformKey = "zzzz" } }, cancellationToken: Ct));

        ApiErrorAssert.SingleValidationError(error, "platformKey", "platformKey 'zzzz' is not a known integration (see GET /integrations).", "Switchboard");
        await AssertNoConnectionsAsync(t, company.Id);
    }

    [Fact]
    public async Task Create_MalformedPlatformKey_Is400SayingWhatAKeyLooksLike()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();

        await ApiErrorAssert.ThrowsAsync(400, "platformKey 'GBOL' is malformed: a platform key is exactly four lowercase letters.",
            () => t.Sdk.Connections.CreateAsync(new() { CompanyId = company.Id, RequestBody = new() { PlatformKey = "GBOL" } }, cancellationToken: Ct));
        await AssertNoConnectionsAsync(t, company.Id);
    }

    [Fact]
    public async Task List_MalformedQuery_Is400()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();

        var error = await ApiErrorAssert.ThrowsAsync(400, "Error parsing query - Malformed query.",
            () => t.Sdk.Connections.ListAsync(new() { CompanyId = company.Id, Query = "{status=Linked" }, cancellationToken: Ct));

        var item = Assert.Single(error.ErrorMessage!.Validation!.Errors!);
        Assert.Equal("query", item.ItemId);
        Assert.Equal("QueryLanguage", item.ValidatorName);
        Assert.False(string.IsNullOrWhiteSpace(item.Message));
    }

    [Fact]
    public async Task List_QueryOnAnUnknownProperty_Is400NamingIt()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();

        await ApiErrorAssert.ThrowsAsync(400, "Error parsing query - Could not resolve property colour on Connection",
            () => t.Sdk.Connections.ListAsync(new() { CompanyId = company.Id, Query = "colour=red" }, cancellationToken: Ct));
    }

    [Fact]
    public async Task List_OrderByAnUnknownProperty_Is400NamingIt()
    {
        var t = await shared.NewTenantAsync();

        await ApiErrorAssert.ThrowsAsync(400, "Invalid orderBy: could not resolve property 'colour' on Company.",
            () => t.Sdk.Companies.ListAsync(new() { OrderBy = "-colour" }, cancellationToken: Ct));
    }

    [Theory]
    [InlineData(null, 0, "pageSize must be a whole number from 1 to 5000 (got '0').", "pageSize")]
    [InlineData(null, 5001, "pageSize must be a whole number from 1 to 5000 (got '5001').", "pageSize")]
    [InlineData(0, null, "page must be a whole number from 1 to 2147483647 (got '0').", "page")]
    [InlineData(-1, 10, "page must be a whole number from 1 to 2147483647 (got '-1').", "page")]
    public async Task List_PageOrPageSizeOutOfRange_Is400NamingTheParameter(int? page, int? pageSize, string message, string parameter)
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();

        var connections = await ApiErrorAssert.ThrowsAsync(400, message,
            () => t.Sdk.Connections.ListAsync(new() { CompanyId = company.Id, Page = page, PageSize = pageSize }, cancellationToken: Ct));
        var companies = await ApiErrorAssert.ThrowsAsync(400, message,
            () => t.Sdk.Companies.ListAsync(new() { Page = page, PageSize = pageSize }, cancellationToken: Ct));
        var integrations = await ApiErrorAssert.ThrowsAsync(400, message,
            () => t.Sdk.Integrations.ListAsync(new() { Page = page, PageSize = pageSize }, cancellationToken: Ct));

        Assert.All([connections, companies, integrations], e => ApiErrorAssert.SingleValidationError(e, parameter, message, "Switchboard"));
    }

    [Fact]
    public async Task UpdateAuthorization_XeroWithoutItsKeys_Is400NamingEachMissingKey()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var connection = await t.CreateConnectionAsync(company.Id, "gbol");

        var none = await ApiErrorAssert.ThrowsAsync(400, "Missing authorization keys for Xero (gbol): accessToken, refreshToken.",
            () => t.Sdk.Connections.UpdateAuthorizationAsync(new() { CompanyId = company.Id, ConnectionId = connection.Id }, cancellationToken: Ct));
        var half = await ApiErrorAssert.ThrowsAsync(400, "Missing authorization keys for Xero (gbol): refreshToken.",
            () => t.Sdk.Connections.UpdateAuthorizationAsync(
                new() { CompanyId = company.Id, ConnectionId = connection.Id, RequestBody = new Dictionary<string, string> { ["accessToken"] = "at" } },
                cancellationToken: Ct));

        Assert.Equal(
            [("accessToken", "'accessToken' is required by Xero.", "RequiredAuthorizationKey"), ("refreshToken", "'refreshToken' is required by Xero.", "RequiredAuthorizationKey")],
            none.ErrorMessage!.Validation!.Errors!.Select(e => (e.ItemId, e.Message, e.ValidatorName)));
        ApiErrorAssert.SingleValidationError(half, "refreshToken", "'refreshToken' is required by Xero.", "RequiredAuthorizationKey");
        var unchanged = await t.Sdk.Connections.GetAsync(new() { CompanyId = company.Id, ConnectionId = connection.Id }, cancellationToken: Ct);
        Assert.Equal(DataConnectionStatus.PendingAuth, unchanged.Connection.Status);
    }

    [Fact]
    public async Task Unlink_AskingForAnotherStatus_Is400()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var connection = await t.LinkAsync(company.Id, await t.CreateConnectionAsync(company.Id));

        var error = await ApiErrorAssert.ThrowsAsync(400, "status 'Linked' cannot be set by this request: it only unlinks, so status must be 'Unlinked'.",
            () => t.Sdk.Connections.UnlinkAsync(
                new() { CompanyId = company.Id, ConnectionId = connection.Id, UpdateConnectionStatus = new() { Status = DataConnectionStatus.Linked } },
                cancellationToken: Ct));

        ApiErrorAssert.SingleValidationError(error, "status", error.ErrorMessage!.Error!, "Switchboard");
    }

    [Fact]
    public async Task CreateCompany_BlankName_Is400NamingTheField()
    {
        var t = await shared.NewTenantAsync();

        var error = await ApiErrorAssert.ThrowsAsync(400, "name is required and must contain at least one non-space character.",
            () => t.Sdk.Companies.CreateAsync(new() { Name = "  " }, cancellationToken: Ct));

        ApiErrorAssert.SingleValidationError(error, "name", "name is required and must contain at least one non-space character.", "Switchboard");
        Assert.Equal(0, (await t.Sdk.Companies.ListAsync(new(), cancellationToken: Ct)).Companies.TotalResults);
    }

    [Fact]
    public async Task CreateCompany_ElevenTags_Is400()
    {
        var t = await shared.NewTenantAsync();
        var tags = Enumerable.Range(1, 11).ToDictionary(i => $"tag{i}", i => "x");

        await ApiErrorAssert.ThrowsAsync(400, "A company has at most 10 tags (got 11).",
            () => t.Sdk.Companies.CreateAsync(new() { Name = "Tagged", Tags = tags }, cancellationToken: Ct));
    }

    [Fact]
    public async Task ListCompanies_MalformedTagsFilter_Is400()
    {
        var t = await shared.NewTenantAsync();

        await ApiErrorAssert.ThrowsAsync(400, "Error parsing tags - Malformed tags filter.",
            () => t.Sdk.Companies.ListAsync(new() { Tags = "region=" }, cancellationToken: Ct));
    }

    [Fact]
    public async Task AnyCall_WithAnIdThatIsNotAGuid_Is400NamingTheParameter()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();

        await ApiErrorAssert.ThrowsAsync(400, "companyId 'not-a-guid' is not a valid id: expected a GUID such as 8a210b68-6988-11ed-a1eb-0242ac120002.",
            () => t.Sdk.Companies.GetAsync(new() { CompanyId = "not-a-guid" }, cancellationToken: Ct));
        await ApiErrorAssert.ThrowsAsync(400, "connectionId '42' is not a valid id: expected a GUID such as 8a210b68-6988-11ed-a1eb-0242ac120002.",
            () => t.Sdk.Connections.GetAsync(new() { CompanyId = company.Id, ConnectionId = "42" }, cancellationToken: Ct));
    }

    [Fact]
    public async Task GetIntegration_MalformedPlatformKey_Is400()
    {
        var t = await shared.NewTenantAsync();

        await ApiErrorAssert.ThrowsAsync(400, "platformKey 'Xero' is malformed: a platform key is exactly four lowercase letters.",
            () => t.Sdk.Integrations.GetAsync(new() { PlatformKey = "Xero" }, cancellationToken: Ct));
    }

    [Fact]
    public async Task Post_WithAnIdempotencyKeyThatIsNotAGuid_Is400()
    {
        var t = await shared.NewTenantAsync();

        var error = await ApiErrorAssert.ThrowsAsync(400, "Idempotency-Key must be a GUID, such as aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa.",
            () => t.Sdk.Companies.CreateAsync(new() { Name = "Keyed" }, options: new RequestOptions { IdempotencyKey = "job-42" }, cancellationToken: Ct));

        ApiErrorAssert.SingleValidationError(error, "Idempotency-Key", error.ErrorMessage!.Error!, "Switchboard");
        Assert.Equal(0, (await t.Sdk.Companies.ListAsync(new(), cancellationToken: Ct)).Companies.TotalResults);
    }

    // ---- 413 ----

    [Fact]
    public async Task CreateCompany_WithABodyOverTheServersLimit_Is413()
    {
        var t = await shared.NewTenantAsync();

        var error = await ApiErrorAssert.ThrowsAsync(413, "The request body is too large.",
            () => t.Sdk.Companies.CreateAsync(new() { Name = "Verbose", Description = new string('x', 70 * 1024) }, cancellationToken: Ct));

        ApiErrorAssert.NoValidation(error);
        Assert.Equal(0, (await t.Sdk.Companies.ListAsync(new(), cancellationToken: Ct)).Companies.TotalResults);
    }

    // ---- 401 ----

    [Fact]
    public async Task EveryClient_WithAWrongApiKey_Gets401()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var wrong = shared.Server.CreateClient(apiKey: "test_" + new string('0', 32));

        var errors = new[]
        {
            await ApiErrorAssert.ThrowsAsync(401, Unauthorized, () => wrong.Companies.ListAsync(new(), cancellationToken: Ct)),
            await ApiErrorAssert.ThrowsAsync(401, Unauthorized, () => wrong.Companies.GetAsync(new() { CompanyId = company.Id }, cancellationToken: Ct)),
            await ApiErrorAssert.ThrowsAsync(401, Unauthorized, () => wrong.Connections.ListAsync(new() { CompanyId = company.Id }, cancellationToken: Ct)),
            await ApiErrorAssert.ThrowsAsync(401, Unauthorized,
                () => wrong.Connections.CreateAsync(new() { CompanyId = company.Id, RequestBody = new() { PlatformKey = "gbol" } }, cancellationToken: Ct)),
            await ApiErrorAssert.ThrowsAsync(401, Unauthorized, () => wrong.Integrations.ListAsync(new(), cancellationToken: Ct)),
        };

        Assert.Equal(errors.Length, errors.Select(e => e.CorrelationId).Distinct().Count());
        await AssertNoConnectionsAsync(t, company.Id);
    }

    [Fact]
    public async Task AClientWithoutAnApiKey_Gets401()
    {
        using var anonymous = new SwitchboardClient(new SwitchboardClientOptions
        {
            BaseUri = shared.Server.Server.BaseAddress,
            RetryConfig = RetryConfig.None,
        });

        await ApiErrorAssert.ThrowsAsync(401, Unauthorized, () => anonymous.Integrations.GetAsync(new() { PlatformKey = "gbol" }, cancellationToken: Ct));
    }

    // ---- 404 ----

    [Fact]
    public async Task Connections_OfAnUnknownCompany_Are404()
    {
        var t = await shared.NewTenantAsync();
        var unknown = Guid.NewGuid().ToString();

        await ApiErrorAssert.ThrowsAsync(404, CompanyNotFound,
            () => t.Sdk.Connections.ListAsync(new() { CompanyId = unknown }, cancellationToken: Ct));
        await ApiErrorAssert.ThrowsAsync(404, CompanyNotFound,
            () => t.Sdk.Connections.CreateAsync(new() { CompanyId = unknown, RequestBody = new() { PlatformKey = "gbol" } }, cancellationToken: Ct));
        await ApiErrorAssert.ThrowsAsync(404, ConnectionNotFound,
            () => t.Sdk.Connections.GetAsync(new() { CompanyId = unknown, ConnectionId = Guid.NewGuid().ToString() }, cancellationToken: Ct));
    }

    [Fact]
    public async Task EveryConnectionOperation_OnAnUnknownConnection_Is404()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var unknown = Guid.NewGuid().ToString();

        await ApiErrorAssert.ThrowsAsync(404, ConnectionNotFound,
            () => t.Sdk.Connections.GetAsync(new() { CompanyId = company.Id, ConnectionId = unknown }, cancellationToken: Ct));
        await ApiErrorAssert.ThrowsAsync(404, ConnectionNotFound,
            () => t.Sdk.Connections.UnlinkAsync(new() { CompanyId = company.Id, ConnectionId = unknown }, cancellationToken: Ct));
        await ApiErrorAssert.ThrowsAsync(404, ConnectionNotFound,
            () => t.Sdk.Connections.UpdateAuthorizationAsync(new() { CompanyId = company.Id, ConnectionId = unknown }, cancellationToken: Ct));
        await ApiErrorAssert.ThrowsAsync(404, ConnectionNotFound,
            () => t.Sdk.Connections.DeleteAsync(new() { CompanyId = company.Id, ConnectionId = unknown }, cancellationToken: Ct));
    }

    [Fact]
    public async Task AConnection_ThroughAnotherOfTheTenantsCompanies_Is404()
    {
        var t = await shared.NewTenantAsync();
        var owner = await t.CreateCompanyAsync("Owner");
        var other = await t.CreateCompanyAsync("Other");
        var connection = await t.CreateConnectionAsync(owner.Id);

        await ApiErrorAssert.ThrowsAsync(404, ConnectionNotFound,
            () => t.Sdk.Connections.GetAsync(new() { CompanyId = other.Id, ConnectionId = connection.Id }, cancellationToken: Ct));
        await ApiErrorAssert.ThrowsAsync(404, ConnectionNotFound,
            () => t.Sdk.Connections.DeleteAsync(new() { CompanyId = other.Id, ConnectionId = connection.Id }, cancellationToken: Ct));
        Assert.Equal(DataConnectionStatus.PendingAuth,
            (await t.Sdk.Connections.GetAsync(new() { CompanyId = owner.Id, ConnectionId = connection.Id }, cancellationToken: Ct)).Connection.Status);
    }

    [Fact]
    public async Task EveryCompanyOperation_OnAnUnknownCompany_Is404()
    {
        var t = await shared.NewTenantAsync();
        var unknown = Guid.NewGuid().ToString();

        await ApiErrorAssert.ThrowsAsync(404, CompanyNotFound,
            () => t.Sdk.Companies.GetAsync(new() { CompanyId = unknown }, cancellationToken: Ct));
        await ApiErrorAssert.ThrowsAsync(404, CompanyNotFound,
            () => t.Sdk.Companies.ReplaceAsync(new() { CompanyId = unknown, CompanyRequestBody = new() { Name = "X" } }, cancellationToken: Ct));
        await ApiErrorAssert.ThrowsAsync(404, CompanyNotFound,
            () => t.Sdk.Companies.UpdateAsync(new() { CompanyId = unknown, CompanyUpdateRequest = new() { Name = "X" } }, cancellationToken: Ct));
        await ApiErrorAssert.ThrowsAsync(404, CompanyNotFound,
            () => t.Sdk.Companies.DeleteAsync(new() { CompanyId = unknown }, cancellationToken: Ct));
    }

    [Fact]
    public async Task AnotherTenantsCompanyAndConnection_Are404AsIfTheyDidNotExist()
    {
        var owner = await shared.NewTenantAsync();
        var stranger = await shared.NewTenantAsync();
        var company = await owner.CreateCompanyAsync();
        var connection = await owner.CreateConnectionAsync(company.Id);

        await ApiErrorAssert.ThrowsAsync(404, CompanyNotFound,
            () => stranger.Sdk.Companies.GetAsync(new() { CompanyId = company.Id }, cancellationToken: Ct));
        await ApiErrorAssert.ThrowsAsync(404, CompanyNotFound,
            () => stranger.Sdk.Companies.DeleteAsync(new() { CompanyId = company.Id }, cancellationToken: Ct));
        await ApiErrorAssert.ThrowsAsync(404, ConnectionNotFound,
            () => stranger.Sdk.Connections.GetAsync(new() { CompanyId = company.Id, ConnectionId = connection.Id }, cancellationToken: Ct));
        await ApiErrorAssert.ThrowsAsync(404, ConnectionNotFound,
            () => stranger.Sdk.Connections.DeleteAsync(new() { CompanyId = company.Id, ConnectionId = connection.Id }, cancellationToken: Ct));
        Assert.Equal(0, (await stranger.Sdk.Companies.ListAsync(new(), cancellationToken: Ct)).Companies.TotalResults);
        Assert.Equal(connection.Id,
            (await owner.Sdk.Connections.GetAsync(new() { CompanyId = company.Id, ConnectionId = connection.Id }, cancellationToken: Ct)).Connection.Id);
    }

    [Fact]
    public async Task UnknownIntegration_Is404ForItAndItsBranding()
    {
        var t = await shared.NewTenantAsync();

        await ApiErrorAssert.ThrowsAsync(404, "Integration not found: no integration has the platform key 'zzzz'.",
            () => t.Sdk.Integrations.GetAsync(new() { PlatformKey = "zzzz" }, cancellationToken: Ct));
        await ApiErrorAssert.ThrowsAsync(404, "Integration not found: no integration has the platform key 'zzzz'.",
            () => t.Sdk.Integrations.GetBrandingAsync(new() { PlatformKey = "zzzz" }, cancellationToken: Ct));
    }

    // ---- 409 ----

    [Fact]
    public async Task Unlink_PendingAuthConnection_Is409SayingToDeleteItInstead()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var connection = await t.CreateConnectionAsync(company.Id);

        var error = await ApiErrorAssert.ThrowsAsync(409,
            "Only a Linked connection can be unlinked; this connection is PendingAuth. It has not been authorized yet: delete it instead.",
            () => t.Sdk.Connections.UnlinkAsync(new() { CompanyId = company.Id, ConnectionId = connection.Id }, cancellationToken: Ct));

        ApiErrorAssert.NoValidation(error);
        Assert.Equal(DataConnectionStatus.PendingAuth,
            (await t.Sdk.Connections.GetAsync(new() { CompanyId = company.Id, ConnectionId = connection.Id }, cancellationToken: Ct)).Connection.Status);
    }

    [Fact]
    public async Task Unlink_DeauthorizedConnection_Is409SayingItsAccessHasEnded()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var connection = await t.LinkAsync(company.Id, await t.CreateConnectionAsync(company.Id));
        using (var http = t.CreateHttpClient())
        {
            // The platform ending the connection's access has no SDK call; the server simulates it for tests.
            using var simulated = await http.PostAsync(
                new Uri($"simulate/companies/{company.Id}/connections/{connection.Id}/deauthorize", UriKind.Relative), null, Ct);
            Assert.Equal(200, (int)simulated.StatusCode);
        }

        var deauthorized = (await t.Sdk.Connections.GetAsync(new() { CompanyId = company.Id, ConnectionId = connection.Id }, cancellationToken: Ct)).Connection;
        var error = await ApiErrorAssert.ThrowsAsync(409,
            "Only a Linked connection can be unlinked; this connection is Deauthorized. Its access has already ended: authorize it again or delete it.",
            () => t.Sdk.Connections.UnlinkAsync(new() { CompanyId = company.Id, ConnectionId = connection.Id }, cancellationToken: Ct));

        Assert.Equal(DataConnectionStatus.Deauthorized, deauthorized.Status);
        var platformError = Assert.Single(deauthorized.DataConnectionErrors ?? []);
        Assert.Equal("401", platformError.StatusCode);
        ApiErrorAssert.NoValidation(error);
    }

    // ---- 412 ----

    [Fact]
    public async Task ConnectionChanges_WithAStaleIfMatch_Are412AndChangeNothing()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var created = await t.Sdk.Connections.CreateAsync(
            new() { CompanyId = company.Id, RequestBody = new() { PlatformKey = "mqjo" } }, cancellationToken: Ct);
        var stale = new RequestOptions { Headers = { ["If-Match"] = created.RawResponse!.Headers.ETag!.ToString() } };
        var connectionId = created.Connection.Id;
        await t.LinkAsync(company.Id, created.Connection);

        await ApiErrorAssert.ThrowsAsync(412, PreconditionFailed,
            () => t.Sdk.Connections.UnlinkAsync(new() { CompanyId = company.Id, ConnectionId = connectionId }, options: stale, cancellationToken: Ct));
        await ApiErrorAssert.ThrowsAsync(412, PreconditionFailed,
            () => t.Sdk.Connections.UpdateAuthorizationAsync(new() { CompanyId = company.Id, ConnectionId = connectionId }, options: stale, cancellationToken: Ct));
        await ApiErrorAssert.ThrowsAsync(412, PreconditionFailed,
            () => t.Sdk.Connections.DeleteAsync(new() { CompanyId = company.Id, ConnectionId = connectionId }, options: stale, cancellationToken: Ct));

        Assert.Equal(DataConnectionStatus.Linked,
            (await t.Sdk.Connections.GetAsync(new() { CompanyId = company.Id, ConnectionId = connectionId }, cancellationToken: Ct)).Connection.Status);
    }

    [Fact]
    public async Task CompanyChanges_WithAStaleIfMatch_Are412AndChangeNothing()
    {
        var t = await shared.NewTenantAsync();
        var created = await t.Sdk.Companies.CreateAsync(new() { Name = "Original" }, cancellationToken: Ct);
        var stale = new RequestOptions { Headers = { ["If-Match"] = created.RawResponse!.Headers.ETag!.ToString() } };
        var id = created.Company.Id;
        await t.Sdk.Companies.UpdateAsync(new() { CompanyId = id, CompanyUpdateRequest = new() { Name = "Changed" } }, cancellationToken: Ct);

        await ApiErrorAssert.ThrowsAsync(412, PreconditionFailed,
            () => t.Sdk.Companies.UpdateAsync(new() { CompanyId = id, CompanyUpdateRequest = new() { Name = "Lost update" } }, options: stale, cancellationToken: Ct));
        await ApiErrorAssert.ThrowsAsync(412, PreconditionFailed,
            () => t.Sdk.Companies.ReplaceAsync(new() { CompanyId = id, CompanyRequestBody = new() { Name = "Lost update" } }, options: stale, cancellationToken: Ct));
        await ApiErrorAssert.ThrowsAsync(412, PreconditionFailed,
            () => t.Sdk.Companies.DeleteAsync(new() { CompanyId = id }, options: stale, cancellationToken: Ct));

        Assert.Equal("Changed", (await t.Sdk.Companies.GetAsync(new() { CompanyId = id }, cancellationToken: Ct)).Company.Name);
    }

    // ---- 422 ----

    [Fact]
    public async Task Create_ReusingAnIdempotencyKeyWithADifferentBody_Is422AndCreatesNothingMore()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var options = new RequestOptions { IdempotencyKey = Guid.NewGuid().ToString() };
        var first = await t.Sdk.Connections.CreateAsync(
            new() { CompanyId = company.Id, RequestBody = new() { PlatformKey = "gbol" } }, options: options, cancellationToken: Ct);

        var error = await ApiErrorAssert.ThrowsAsync(422,
            "This Idempotency-Key was already used with a different request (method, path or body). Use a new key for a new request.",
            () => t.Sdk.Connections.CreateAsync(
                new() { CompanyId = company.Id, RequestBody = new() { PlatformKey = "mqjo" } }, options: options, cancellationToken: Ct));

        ApiErrorAssert.NoValidation(error);
        var all = (await t.Sdk.Connections.ListAsync(new() { CompanyId = company.Id }, cancellationToken: Ct)).Connections;
        Assert.Equal([first.Connection.Id], all.Results.Select(c => c.Id));
    }

    // ---- the same error, replayed ----

    [Fact]
    public async Task AnErrorAnswer_RepeatedWithTheSameIdempotencyKey_IsReplayedWithTheFirstCorrelationId()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var connection = await t.CreateConnectionAsync(company.Id);
        var options = new RequestOptions { IdempotencyKey = Guid.NewGuid().ToString() };
        var request = new UnlinkConnectionRequest { CompanyId = company.Id, ConnectionId = connection.Id };

        var first = await Assert.ThrowsAsync<SwitchboardApiException>(() => t.Sdk.Connections.UnlinkAsync(request, options: options, cancellationToken: Ct));
        var replayed = await Assert.ThrowsAsync<SwitchboardApiException>(() => t.Sdk.Connections.UnlinkAsync(request, options: options, cancellationToken: Ct));

        Assert.Equal(409, replayed.StatusCode);
        Assert.Equal(first.ErrorMessage!.Error, replayed.ErrorMessage!.Error);
        Assert.Equal(["true"], replayed.RawResponse!.Headers.GetValues("Idempotent-Replayed"));
        // The body is the first answer, word for word, so it names the first request's correlation id.
        Assert.Equal(first.CorrelationId, replayed.CorrelationId);
        Assert.Equal(first.CorrelationId, replayed.ErrorMessage.CorrelationId);
    }

    private static async Task AssertNoConnectionsAsync(Tenant t, string companyId)
    {
        var page = (await t.Sdk.Connections.ListAsync(new() { CompanyId = companyId }, cancellationToken: Ct)).Connections;
        Assert.Equal(0, page.TotalResults);
        Assert.Empty(page.Results);
    }
}
