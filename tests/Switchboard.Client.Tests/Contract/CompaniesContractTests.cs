using Switchboard.Client.Models;
using Switchboard.Client.Operations;
using Switchboard.Client.Tests.Contract.Host;

namespace Switchboard.Client.Tests.Contract;

/// <summary>Every Companies operation of the SDK against the real server.</summary>
[Trait("Category", "Contract")]
public sealed class CompaniesContractTests(SharedContractServer shared) : IClassFixture<SharedContractServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_ReturnsTheCompanyWithItsFieldsAndItsLinkRedirect()
    {
        var t = await shared.NewTenantAsync();
        var before = DateTimeOffset.UtcNow;

        var res = await t.Sdk.Companies.CreateAsync(
            new CompanyRequestBody
            {
                Name = "Toft stores",
                Description = "Garden centres",
                Tags = new Dictionary<string, string> { ["region"] = "uk", ["team"] = "invoice-finance" },
            },
            cancellationToken: Ct);

        Assert.Equal(200, res.StatusCode);
        Assert.StartsWith("application/json", res.ContentType, StringComparison.Ordinal);
        Assert.NotNull(res.RawResponse?.Headers.ETag);
        var company = res.Company;
        Assert.True(Guid.TryParse(company.Id, out _), company.Id);
        Assert.Equal("Toft stores", company.Name);
        Assert.Equal("Garden centres", company.Description);
        Assert.Equal(new Dictionary<string, string> { ["region"] = "uk", ["team"] = "invoice-finance" }, company.Tags);
        Assert.StartsWith($"{shared.Server.PublicBaseUrl}/link/companies/{company.Id}?token=", company.Redirect, StringComparison.Ordinal);
        Assert.NotNull(company.Created);
        Assert.Equal(TimeSpan.Zero, company.Created.Value.Offset);
        Assert.InRange(company.Created.Value, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Null(company.LastSync);
        Assert.Equal([], company.Products ?? ["(missing)"]);
        Assert.Null(company.DataConnections);
    }

    [Fact]
    public async Task Create_NameOnly_LeavesDescriptionAndTagsOut()
    {
        var t = await shared.NewTenantAsync();

        var company = (await t.Sdk.Companies.CreateAsync(new() { Name = "Bare" }, cancellationToken: Ct)).Company;

        Assert.Equal("Bare", company.Name);
        Assert.Null(company.Description);
        Assert.Null(company.Tags);
    }

    [Fact]
    public async Task List_ReturnsTheCompaniesInCreationOrderWithTotalsAndLinks()
    {
        var t = await shared.NewTenantAsync();
        var a = await t.CreateCompanyAsync("Alpha");
        var b = await t.CreateCompanyAsync("Bravo");
        var c = await t.CreateCompanyAsync("Charlie");

        var first = (await t.Sdk.Companies.ListAsync(new() { PageSize = 2 }, cancellationToken: Ct)).Companies;
        var second = (await t.Sdk.Companies.ListAsync(new() { Page = 2, PageSize = 2 }, cancellationToken: Ct)).Companies;

        Assert.Equal([a.Id, b.Id], first.Results.Select(x => x.Id));
        Assert.Equal(["Alpha", "Bravo"], first.Results.Select(x => x.Name));
        Assert.Equal(1, first.PageNumber);
        Assert.Equal(2, first.PageSize);
        Assert.Equal(3, first.TotalResults);
        Assert.Equal("/companies", first.Links?.Self?.Href);
        Assert.Equal("/companies?page=1&pageSize=2", first.Links?.Current?.Href);
        Assert.Equal("/companies?page=2&pageSize=2", first.Links?.Next?.Href);
        Assert.Null(first.Links?.Previous);
        Assert.Equal([c.Id], second.Results.Select(x => x.Id));
        Assert.Equal(3, second.TotalResults);
        Assert.Null(second.Links?.Next);
        Assert.Equal("/companies?page=1&pageSize=2", second.Links?.Previous?.Href);
    }

    [Fact]
    public async Task List_WithTheTagsFilter_ReturnsOnlyTheCompaniesWithThoseTags()
    {
        var t = await shared.NewTenantAsync();
        var uk = await t.CreateCompanyAsync("Toft stores", new Dictionary<string, string> { ["region"] = "uk" });
        var us = await t.CreateCompanyAsync("Acme", new Dictionary<string, string> { ["region"] = "us" });
        var ukFinance = await t.CreateCompanyAsync("Ledgerly", new Dictionary<string, string> { ["region"] = "uk", ["team"] = "finance" });
        await t.CreateCompanyAsync("Untagged");

        var inUk = await ListAsync(t, new() { Tags = "region=uk" });
        var ukFinanceOnly = await ListAsync(t, new() { Tags = "region=uk && team=finance" });
        var ukOrUs = await ListAsync(t, new() { Tags = "region=uk || region=us" });
        var ukNamedToft = await ListAsync(t, new() { Tags = "region=uk", Query = "name~Toft" });

        Assert.Equal([uk.Id, ukFinance.Id], inUk.Results.Select(c => c.Id));
        Assert.Equal(2, inUk.TotalResults);
        Assert.All(inUk.Results, c => Assert.Equal("uk", c.Tags?["region"]));
        Assert.Equal([ukFinance.Id], ukFinanceOnly.Results.Select(c => c.Id));
        Assert.Equal([uk.Id, us.Id, ukFinance.Id], ukOrUs.Results.Select(c => c.Id));
        Assert.Equal(3, ukOrUs.TotalResults);
        Assert.Equal([uk.Id], ukNamedToft.Results.Select(c => c.Id));
        Assert.Equal(1, ukNamedToft.TotalResults);
    }

    [Fact]
    public async Task List_WithAQueryAndOrderBy_FiltersAndOrdersOnTheServer()
    {
        var t = await shared.NewTenantAsync();
        var a = await t.CreateCompanyAsync("Anvil stores");
        await t.CreateCompanyAsync("Bakery");
        var c = await t.CreateCompanyAsync("Corner stores");

        var page = await ListAsync(t, new() { Query = "name~stores", OrderBy = "-name" });

        Assert.Equal([c.Id, a.Id], page.Results.Select(x => x.Id));
        Assert.Equal(2, page.TotalResults);
        Assert.Equal("/companies?page=1&pageSize=100&query=name~stores&orderBy=-name", page.Links?.Current?.Href);
    }

    [Fact]
    public async Task List_QueryAndTagsWithSpacesPlusSignsAndAmpersands_ReachTheServerIntact()
    {
        var t = await shared.NewTenantAsync();
        var plus = await t.CreateCompanyAsync("Toft + Sons & Co", new Dictionary<string, string> { ["team"] = "a + b & c" });
        await t.CreateCompanyAsync("Toft  Sons", new Dictionary<string, string> { ["team"] = "a  b" });
        var accented = await t.CreateCompanyAsync("Café Ünïcode ☕");

        var byName = await ListAsync(t, new() { Query = "name=Toft + Sons & Co" });
        var byTag = await ListAsync(t, new() { Tags = "team=a + b & c" });
        var byAccentedName = await ListAsync(t, new() { Query = "name=Café Ünïcode ☕" });

        Assert.Equal([plus.Id], byName.Results.Select(c => c.Id));
        Assert.Equal("Toft + Sons & Co", byName.Results[0].Name);
        Assert.Equal([plus.Id], byTag.Results.Select(c => c.Id));
        Assert.Equal("a + b & c", byTag.Results[0].Tags?["team"]);
        Assert.Equal([accented.Id], byAccentedName.Results.Select(c => c.Id));
        Assert.Equal("Café Ünïcode ☕", byAccentedName.Results[0].Name);
    }

    [Fact]
    public async Task List_OrderedByDescendingModifiedDate_PutsTheMostRecentlyChangedFirst()
    {
        var t = await shared.NewTenantAsync();
        var a = await t.CreateCompanyAsync("A");
        var b = await t.CreateCompanyAsync("B");
        await t.Sdk.Companies.UpdateAsync(new() { CompanyId = a.Id, CompanyUpdateRequest = new() { Description = "changed" } }, cancellationToken: Ct);

        var page = await ListAsync(t, new() { OrderBy = "-modifiedDate" });

        Assert.Equal([a.Id, b.Id], page.Results.Select(x => x.Id));
    }

    [Fact]
    public async Task ListAll_FollowsTheNextLinks_AndYieldsEveryCompanyExactlyOnce()
    {
        var t = await shared.NewTenantAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await t.CreateCompanyAsync($"Company {i}", new Dictionary<string, string> { ["batch"] = "one" })).Id);
        }

        await t.CreateCompanyAsync("Other batch", new Dictionary<string, string> { ["batch"] = "two" });

        var listed = new List<string>();
        await foreach (var company in t.Sdk.Companies.ListAllAsync(new() { PageSize = 2, Tags = "batch=one" }, cancellationToken: Ct))
        {
            listed.Add(company.Id);
        }

        Assert.Equal(ids, listed);
    }

    [Fact]
    public async Task Get_ReturnsTheCompanyWithItsDataConnectionsInCreationOrder()
    {
        var t = await shared.NewTenantAsync();
        var created = await t.CreateCompanyAsync("Toft stores", new Dictionary<string, string> { ["region"] = "uk" }, "Garden centres");
        var xero = await t.CreateConnectionAsync(created.Id);
        var sandbox = await t.LinkAsync(created.Id, await t.CreateConnectionAsync(created.Id, "mqjo"));

        var res = await t.Sdk.Companies.GetAsync(new() { CompanyId = created.Id }, cancellationToken: Ct);

        Assert.Equal(200, res.StatusCode);
        Assert.NotNull(res.RawResponse?.Headers.ETag);
        var company = res.Company;
        Assert.Equal(created.Id, company.Id);
        Assert.Equal("Toft stores", company.Name);
        Assert.Equal("Garden centres", company.Description);
        Assert.Equal(created.Tags, company.Tags);
        Assert.Equal(created.Redirect, company.Redirect);
        Assert.Equal(created.Created, company.Created);
        Assert.NotNull(company.DataConnections);
        Assert.Equal([xero.Id, sandbox.Id], company.DataConnections.Select(c => c.Id));
        Assert.Equal([DataConnectionStatus.PendingAuth, DataConnectionStatus.Linked], company.DataConnections.Select(c => c.Status!.Value));
        Assert.Equal(["Xero", "Sandbox"], company.DataConnections.Select(c => c.PlatformName));
        Assert.Equal(xero.LinkUrl, company.DataConnections[0].LinkUrl);
    }

    [Fact]
    public async Task Get_CompanyWithoutConnections_HasAnEmptyDataConnectionsList()
    {
        var t = await shared.NewTenantAsync();
        var created = await t.CreateCompanyAsync();

        var company = (await t.Sdk.Companies.GetAsync(new() { CompanyId = created.Id }, cancellationToken: Ct)).Company;

        Assert.NotNull(company.DataConnections);
        Assert.Empty(company.DataConnections);
    }

    [Fact]
    public async Task Replace_SetsEveryFieldAndClearsThoseLeftOut()
    {
        var t = await shared.NewTenantAsync();
        var created = await t.CreateCompanyAsync("Toft stores", new Dictionary<string, string> { ["region"] = "uk" }, "Garden centres");

        var res = await t.Sdk.Companies.ReplaceAsync(
            new ReplaceCompanyRequest { CompanyId = created.Id, CompanyRequestBody = new() { Name = "Toft & Sons" } }, cancellationToken: Ct);

        Assert.Equal(200, res.StatusCode);
        Assert.Equal(created.Id, res.Company.Id);
        Assert.Equal("Toft & Sons", res.Company.Name);
        Assert.Null(res.Company.Description);
        Assert.Null(res.Company.Tags);
        Assert.Equal(created.Created, res.Company.Created);
        var got = (await t.Sdk.Companies.GetAsync(new() { CompanyId = created.Id }, cancellationToken: Ct)).Company;
        Assert.Equal("Toft & Sons", got.Name);
        Assert.Null(got.Description);
        Assert.Null(got.Tags);
    }

    [Fact]
    public async Task Replace_WithEveryField_StoresThem()
    {
        var t = await shared.NewTenantAsync();
        var created = await t.CreateCompanyAsync("Toft stores");

        var replaced = (await t.Sdk.Companies.ReplaceAsync(
            new()
            {
                CompanyId = created.Id,
                CompanyRequestBody = new() { Name = "Toft", Description = "Nurseries", Tags = new Dictionary<string, string> { ["tier"] = "gold" } },
            },
            cancellationToken: Ct)).Company;

        Assert.Equal("Toft", replaced.Name);
        Assert.Equal("Nurseries", replaced.Description);
        Assert.Equal(new Dictionary<string, string> { ["tier"] = "gold" }, replaced.Tags);
    }

    [Fact]
    public async Task Update_ChangesOnlyTheFieldsGiven()
    {
        var t = await shared.NewTenantAsync();
        var created = await t.CreateCompanyAsync("Toft stores", new Dictionary<string, string> { ["region"] = "uk" }, "Garden centres");

        var described = await t.Sdk.Companies.UpdateAsync(
            new UpdateCompanyRequest { CompanyId = created.Id, CompanyUpdateRequest = new() { Description = "Nurseries" } }, cancellationToken: Ct);
        var retagged = await t.Sdk.Companies.UpdateAsync(
            new UpdateCompanyRequest { CompanyId = created.Id, CompanyUpdateRequest = new() { Tags = new Dictionary<string, string> { ["region"] = "ie" } } },
            cancellationToken: Ct);

        Assert.Equal(200, described.StatusCode);
        Assert.Equal("Toft stores", described.Company.Name);
        Assert.Equal("Nurseries", described.Company.Description);
        Assert.Equal(new Dictionary<string, string> { ["region"] = "uk" }, described.Company.Tags);
        Assert.Equal("Toft stores", retagged.Company.Name);
        Assert.Equal("Nurseries", retagged.Company.Description);
        Assert.Equal(new Dictionary<string, string> { ["region"] = "ie" }, retagged.Company.Tags);
        Assert.NotEqual(described.RawResponse!.Headers.ETag, retagged.RawResponse!.Headers.ETag);
    }

    [Fact]
    public async Task Delete_Answers204_AndTheCompanyAndItsConnectionsAreGone()
    {
        var t = await shared.NewTenantAsync();
        var kept = await t.CreateCompanyAsync("Kept");
        var doomed = await t.CreateCompanyAsync("Doomed");
        var connection = await t.CreateConnectionAsync(doomed.Id);

        var res = await t.Sdk.Companies.DeleteAsync(new DeleteCompanyRequest { CompanyId = doomed.Id }, cancellationToken: Ct);

        Assert.Equal(204, res.StatusCode);
        await ApiErrorAssert.ThrowsAsync(404, "Company not found: no company with this id exists.",
            () => t.Sdk.Companies.GetAsync(new() { CompanyId = doomed.Id }, cancellationToken: Ct));
        await ApiErrorAssert.ThrowsAsync(404, "Company not found: no company with this id exists.",
            () => t.Sdk.Connections.ListAsync(new() { CompanyId = doomed.Id }, cancellationToken: Ct));
        await ApiErrorAssert.ThrowsAsync(404, "Connection not found: no such connection exists for this company.",
            () => t.Sdk.Connections.GetAsync(new() { CompanyId = doomed.Id, ConnectionId = connection.Id }, cancellationToken: Ct));
        var remaining = await ListAsync(t, new());
        Assert.Equal([kept.Id], remaining.Results.Select(c => c.Id));
        Assert.Equal(1, remaining.TotalResults);
    }

    private static async Task<Companies> ListAsync(Tenant t, ListCompaniesRequest request) =>
        (await t.Sdk.Companies.ListAsync(request, cancellationToken: Ct)).Companies;
}
