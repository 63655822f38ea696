using System.Net;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Paging;

/// <summary>
/// The <c>query</c> parameter over HTTP: the filters the Codat docs show, applied by each list, counted after
/// filtering, and the two query errors. (The language itself has its own tests in Switchboard.Query.Tests.)
/// </summary>
public sealed class QueryOverHttpTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly SwitchboardTestServer _server = shared.Server;

    public static TheoryData<string, string> MalformedQueries => new()
    {
        { "connections", "status=" },
        { "connections", "status" },
        { "connections", "=Linked" },
        { "connections", "{status=Linked" },
        { "connections", "status=Linked&&" },
        { "connections", "status=Linked||||status=Unlinked" },
        { "companies", "name" },
        { "companies", "name=Acme}" },
        { "integrations", "&&" },
        { "integrations", "||key=gbol" },
    };

    public static TheoryData<string, string, string> UnknownProperties => new()
    {
        { "connections", "colour=red", "Error parsing query - Could not resolve property colour on Connection" },
        { "connections", "status=Linked&&flavour=mint", "Error parsing query - Could not resolve property flavour on Connection" },
        { "companies", "colour=red", "Error parsing query - Could not resolve property colour on Company" },
        { "integrations", "colour=red", "Error parsing query - Could not resolve property colour on Integration" },
    };

    [Fact]
    public async Task Connections_StatusLinked_ReturnsOnlyLinkedOnesCountedAfterFiltering()
    {
        var (companyId, ids) = await CompanyWithConnectionsAsync(("gbol", true), ("gbol", false), ("aiwb", true), ("aiwb", false));

        var page = await ListAsync($"/companies/{companyId}/connections", "status=Linked");

        Assert.Equal([ids[0], ids[2]], page);
    }

    [Fact]
    public async Task Connections_SourceTypeAndStatus_ReturnsOnlyThoseMatchingBoth()
    {
        var (companyId, ids) = await CompanyWithConnectionsAsync(("gbol", true), ("suuo", true), ("gbol", false), ("upvr", false));

        var page = await ListAsync($"/companies/{companyId}/connections", "sourceType=Accounting&&status=Linked");

        Assert.Equal([ids[0]], page);
    }

    [Fact]
    public async Task Connections_SourceTypeOrStatus_ReturnsThoseMatchingEither()
    {
        var (companyId, ids) = await CompanyWithConnectionsAsync(("gbol", true), ("suuo", true), ("gbol", false), ("upvr", false));

        var page = await ListAsync($"/companies/{companyId}/connections", "sourceType=Banking||status=Linked");

        Assert.Equal([ids[0], ids[1], ids[3]], page);
    }

    [Fact]
    public async Task Connections_PlatformNameWithSpacesAndParentheses_MatchesExactly()
    {
        var (companyId, ids) = await CompanyWithConnectionsAsync(("hbql", false), ("gbol", false), ("hbql", false));

        var page = await ListAsync($"/companies/{companyId}/connections", "platformName=Sage 50 (UK)");

        Assert.Equal([ids[0], ids[2]], page);
    }

    [Fact]
    public async Task Connections_PropertyNamesMatchCaseInsensitively()
    {
        var (companyId, ids) = await CompanyWithConnectionsAsync(("gbol", true), ("gbol", false));

        var page = await ListAsync($"/companies/{companyId}/connections", "STATUS=Linked");

        Assert.Equal([ids[0]], page);
    }

    [Fact]
    public async Task Connections_NotEqual_ExcludesTheValue()
    {
        var (companyId, ids) = await CompanyWithConnectionsAsync(("gbol", true), ("gbol", false), ("mqjo", false));

        var page = await ListAsync($"/companies/{companyId}/connections", "status!=PendingAuth");

        Assert.Equal([ids[0]], page);
    }

    [Fact]
    public async Task Connections_UnknownStatusValue_Returns400()
    {
        var (companyId, _) = await CompanyWithConnectionsAsync(("gbol", true));

        var error = await (await _server.Client.GetAsync($"/companies/{companyId}/connections?query={Uri.EscapeDataString("status=Flying")}"))
            .ReadErrorAsync(HttpStatusCode.BadRequest);

        Assert.StartsWith("Error parsing query - ", error.Error(), StringComparison.Ordinal);
        Assert.Contains("Flying", error.Error(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Companies_DataConnectionsStatus_ReturnsCompaniesWithALinkedConnectionOnce()
    {
        using var tenant = await _server.CreateTenantClientAsync();
        var twoLinked = await tenant.CreateCompanyIdAsync("Two linked");
        var pending = await tenant.CreateCompanyIdAsync("Pending only");
        var none = await tenant.CreateCompanyIdAsync("No connections");
        var oneLinked = await tenant.CreateCompanyIdAsync("One linked");
        foreach (var (company, linked) in new[] { (twoLinked, true), (twoLinked, true), (pending, false), (oneLinked, true), (oneLinked, false) })
        {
            // Commerce Sandbox: a company may link any number of commerce connections.
            var id = (await tenant.CreateConnectionAsync(company, "aiwb")).Id();
            if (linked)
            {
                (await tenant.AuthorizeAsync(company, id, new Dictionary<string, string>())).EnsureSuccessStatusCode();
            }
        }

        var page = await ListAsync("/companies", "dataConnections.status=Linked", tenant);

        Assert.Equal([twoLinked, oneLinked], page);
        Assert.DoesNotContain(none, page);
        Assert.DoesNotContain(pending, page);
    }

    [Fact]
    public async Task Companies_NameContains_ReturnsTheMatchingCompanies()
    {
        using var tenant = await _server.CreateTenantClientAsync();
        var acme = await tenant.CreateCompanyIdAsync("Acme Ltd");
        await tenant.CreateCompanyIdAsync("Globex");
        var acmeHoldings = await tenant.CreateCompanyIdAsync("Acme Holdings");

        var page = await ListAsync("/companies", "name~Acme", tenant);

        Assert.Equal([acme, acmeHoldings], page);
    }

    [Fact]
    public async Task Companies_ById_FindsExactlyThatCompanyInAnyCase()
    {
        using var tenant = await _server.CreateTenantClientAsync();
        await tenant.CreateCompanyIdAsync("Other");
        var id = await tenant.CreateCompanyIdAsync("Wanted");

        Assert.Equal([id], await ListAsync("/companies", $"id={id}", tenant));
        Assert.Equal([id], await ListAsync("/companies", $"id={id.ToUpperInvariant()}", tenant));
    }

    [Fact]
    public async Task Companies_ByConnectionId_FindsTheCompanyHoldingIt()
    {
        using var tenant = await _server.CreateTenantClientAsync();
        var holder = await tenant.CreateCompanyIdAsync("Holder");
        await tenant.CreateConnectionAsync(await tenant.CreateCompanyIdAsync("Other"), "gbol");
        var connectionId = (await tenant.CreateConnectionAsync(holder, "gbol")).Id();

        Assert.Equal([holder], await ListAsync("/companies", $"dataConnections.id={connectionId}", tenant));
    }

    [Fact]
    public async Task Connections_ByCreatedDate_ComparesAsDates()
    {
        var (companyId, ids) = await CompanyWithConnectionsAsync(("gbol", false), ("mqjo", false));
        var created = WireAssert.UtcTimestamp((await _server.Client.GetObjectAsync($"/companies/{companyId}/connections/{ids[0]}"))["created"]);
        var path = $"/companies/{companyId}/connections";

        Assert.Equal(ids, await ListAsync(path, "created>2000-01-01"));
        Assert.Empty(await ListAsync(path, "created<2000-01-01"));
        Assert.Equal(ids, await ListAsync(path, $"created>={created.AddDays(-1):yyyy-MM-dd}"));
        Assert.Empty(await ListAsync(path, $"created>{created.AddDays(2):yyyy-MM-dd}"));
    }

    [Fact]
    public async Task Connections_GroupedClauses_BindAsWritten()
    {
        var (companyId, ids) = await CompanyWithConnectionsAsync(("gbol", true), ("suuo", true), ("gbol", false), ("upvr", false));
        var path = $"/companies/{companyId}/connections";

        Assert.Equal([ids[0], ids[1], ids[3]], await ListAsync(path, "status=Linked||sourceType=Banking&&status=PendingAuth"));
        Assert.Equal([ids[1]], await ListAsync(path, "{status=Linked||status=PendingAuth}&&sourceType=Banking&&integrationKey=suuo"));
    }

    [Fact]
    public async Task Integrations_SourceType_ReturnsEveryIntegrationOfThatType()
    {
        var expected = Integrations.BuiltInPlatforms.All.Where(p => p.SourceType == "Commerce").Select(p => p.Key).Order(StringComparer.Ordinal);

        var page = await ListAsync("/integrations", "sourceType=Commerce");

        Assert.Equal(expected, page.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(MalformedQueries))]
    public async Task MalformedQuery_Returns400MalformedQuery(string resource, string query)
    {
        var path = await PathAsync(resource);

        var error = await (await _server.Client.GetAsync($"{path}?query={Uri.EscapeDataString(query)}")).ReadErrorAsync(HttpStatusCode.BadRequest);

        Assert.Equal("Error parsing query - Malformed query.", error.Error());
    }

    public static TheoryData<string, string> InvalidValuesAndOperators => new()
    {
        { "connections", "created>2020-13-45" },
        { "connections", "created>yesterday" },
        { "connections", "lastSync<soon" },
        { "connections", "id=not-a-guid" },
        { "connections", "integrationId~abc" },
        { "connections", "status~Link" },
        { "connections", "status>Linked" },
        { "connections", "platformName>Xero" },
        { "connections", "sourceType=Spaceship" },
        { "companies", "id=42" },
        { "companies", "name<=Acme" },
        { "companies", "created=never" },
        { "companies", "dataConnections.status=Flying" },
        { "companies", "dataConnections.colour=red" },
        { "companies", "dataConnections=Linked" },
        { "integrations", "enabled=maybe" },
        { "integrations", "enabled~tr" },
        { "integrations", "isBeta>false" },
        { "integrations", "integrationId=xyz" },
        { "integrations", "sourceType=Spaceship" },
    };

    [Theory]
    [MemberData(nameof(InvalidValuesAndOperators))]
    public async Task QueryWithAValueOrOperatorThePropertyCannotTake_Returns400(string resource, string query)
    {
        var path = await PathAsync(resource);

        var error = await (await _server.Client.GetAsync($"{path}?query={Uri.EscapeDataString(query)}")).ReadErrorAsync(HttpStatusCode.BadRequest);

        Assert.StartsWith("Error parsing query - ", error.Error(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Companies_DescriptionContains_SkipsCompaniesWithoutDescription()
    {
        using var tenant = await _server.CreateTenantClientAsync();
        await tenant.CreateCompanyIdAsync("No description");
        var described = (await (await tenant.SendAsync(HttpMethod.Post, "/companies", """{"name":"Described","description":"has the word pilot"}"""))
            .ReadObjectAsync(HttpStatusCode.OK)).Id();

        Assert.Equal([described], await ListAsync("/companies", "description~pilot", tenant));
        Assert.Contains(described, await ListAsync("/companies", "description!=nothing", tenant));
    }

    [Fact]
    public async Task Connections_LastSyncNeverSet_MatchesNoDateComparison()
    {
        var (companyId, _) = await CompanyWithConnectionsAsync(("gbol", true), ("mqjo", false));
        var path = $"/companies/{companyId}/connections";

        Assert.Empty(await ListAsync(path, "lastSync>2000-01-01"));
        Assert.Empty(await ListAsync(path, "lastSync<2100-01-01"));
    }

    [Fact]
    public async Task Connections_LastSyncComparisons_SelectTheRowsWhoseLastSyncMatches()
    {
        var (companyId, ids) = await CompanyWithConnectionsAsync(("gbol", true), ("mqjo", false), ("suuo", true));
        await _server.SetConnectionLastSyncAsync(ids[0], new DateTime(2024, 6, 1, 12, 0, 0, DateTimeKind.Utc));
        await _server.SetConnectionLastSyncAsync(ids[2], new DateTime(2025, 1, 15, 9, 30, 0, DateTimeKind.Utc));
        var path = $"/companies/{companyId}/connections";

        Assert.Equal([ids[0], ids[2]], await ListAsync(path, "lastSync>2000-01-01"));
        Assert.Equal([ids[0]], await ListAsync(path, "lastSync<2024-12-31"));
        Assert.Equal([ids[2]], await ListAsync(path, "lastSync>=2025-01-15T09:30:00Z"));
        Assert.Equal([ids[0]], await ListAsync(path, "lastSync=2024-06-01T12:00:00Z"));
        Assert.Equal([ids[1], ids[2]], await ListAsync(path, "lastSync!=2024-06-01T12:00:00Z"));
    }

    [Theory]
    [MemberData(nameof(UnknownProperties))]
    public async Task QueryOnUnknownProperty_Returns400CouldNotResolveProperty(string resource, string query, string message)
    {
        var path = await PathAsync(resource);

        var error = await (await _server.Client.GetAsync($"{path}?query={Uri.EscapeDataString(query)}")).ReadErrorAsync(HttpStatusCode.BadRequest);

        Assert.Equal(message, error.Error());
    }

    [Theory]
    [InlineData("connections")]
    [InlineData("companies")]
    [InlineData("integrations")]
    public async Task QueryLongerThan2048Characters_Returns400(string resource)
    {
        var path = await PathAsync(resource);
        var query = "name=" + new string('a', 2044);

        var error = await (await _server.Client.GetAsync($"{path}?query={query}")).ReadErrorAsync(HttpStatusCode.BadRequest);

        Assert.StartsWith("Error parsing query - ", error.Error(), StringComparison.Ordinal);
        Assert.Contains("2048", error.Error(), StringComparison.Ordinal);
    }

    private async Task<string> PathAsync(string resource) => resource switch
    {
        "connections" => $"/companies/{await _server.Client.CreateCompanyIdAsync()}/connections",
        "companies" => "/companies",
        _ => "/integrations",
    };

    private async Task<List<string>> ListAsync(string path, string query, HttpClient? client = null)
    {
        var body = await (client ?? _server.Client).GetObjectAsync($"{path}?query={Uri.EscapeDataString(query)}");
        var results = body["results"]!.AsArray();
        Assert.Equal(results.Count, body["totalResults"]!.GetValue<int>());
        return [.. results.Select(r => (r!["id"] ?? r["key"]).Str())];
    }

    /// <summary>A new company with connections to these platforms, each authorized or left pending.</summary>
    private async Task<(string CompanyId, List<string> ConnectionIds)> CompanyWithConnectionsAsync(params (string PlatformKey, bool Linked)[] connections)
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var ids = new List<string>();
        foreach (var (platformKey, linked) in connections)
        {
            var id = (await _server.Client.CreateConnectionAsync(companyId, platformKey)).Id();
            ids.Add(id);
            if (linked)
            {
                var credentials = new Dictionary<string, string> { ["accessToken"] = "a", ["refreshToken"] = "r", ["connectorToken"] = "c" };
                (await _server.Client.AuthorizeAsync(companyId, id, credentials)).EnsureSuccessStatusCode();
            }
        }

        return (companyId, ids);
    }
}
