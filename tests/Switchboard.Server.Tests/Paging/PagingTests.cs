using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Paging;

/// <summary>
/// Paging of the three lists (connections, companies, integrations): counts, the <c>_links</c> of the first,
/// a middle, the last and a past-the-end page, with and without <c>query</c>/<c>orderBy</c>, the stable default
/// order, and the 400s for parameters out of range.
/// </summary>
public sealed class PagingTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const int PageSize = 2;

    private readonly SwitchboardTestServer _server = shared.Server;

    public static TheoryData<string> Resources => ["connections", "companies", "integrations"];

    public static TheoryData<string, string, string> Pages
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var resource in Resources)
            {
                foreach (var position in new[] { "first", "middle", "last", "past the end", "far past the end" })
                {
                    foreach (var variant in new[] { "plain", "query", "query and orderBy" })
                    {
                        data.Add(resource, position, variant);
                    }
                }
            }

            return data;
        }
    }

    public static TheoryData<string, string, string> OutOfRange
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var resource in Resources)
            {
                foreach (var value in new[] { "0", "-1", "abc", "1.5", "1e3", "2147483648", "99999999999" })
                {
                    data.Add(resource, "page", value);
                }

                foreach (var value in new[] { "0", "-1", "5001", "abc", "2.0", "99999999999" })
                {
                    data.Add(resource, "pageSize", value);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_HasTheResultsCountsAndLinksOfItsPosition(string resource, string position, string variant)
    {
        var listing = await ListingAsync(resource);
        var query = variant == "plain" ? null : listing.Query;
        var orderBy = variant == "query and orderBy" ? listing.OrderBy : null;
        var expectedIds = query is null ? listing.AllIds : listing.MatchingIds;
        var lastPage = (expectedIds.Count + PageSize - 1) / PageSize;
        var page = position switch
        {
            "first" => 1,
            "middle" => 2,
            "last" => lastPage,
            "past the end" => lastPage + 1,
            _ => lastPage + 50,
        };
        Assert.True(lastPage >= 3, "The listing must have a first, a middle and a last page.");

        var body = await listing.Client.GetObjectAsync(Href(listing.Path, page, PageSize, query, orderBy));

        WireAssert.HasExactly(body, ["results", "pageNumber", "pageSize", "totalResults", "_links"]);
        Assert.Equal(page, body["pageNumber"]!.GetValue<int>());
        Assert.Equal(PageSize, body["pageSize"]!.GetValue<int>());
        Assert.Equal(expectedIds.Count, body["totalResults"]!.GetValue<int>());
        var ids = body["results"]!.AsArray().Select(r => Identity(resource, r!)).ToList();
        if (orderBy is null)
        {
            Assert.Equal(expectedIds.Skip((page - 1) * PageSize).Take(PageSize), ids);
        }
        else
        {
            Assert.Equal(Math.Clamp(expectedIds.Count - ((page - 1) * PageSize), 0, PageSize), ids.Count);
            Assert.Subset(expectedIds.ToHashSet(StringComparer.Ordinal), ids.ToHashSet(StringComparer.Ordinal));
        }

        var links = body["_links"]!.AsObject();
        var hasNext = page * PageSize < expectedIds.Count;
        var hasPrevious = page > 1;
        WireAssert.HasExactly(links, [.. new[] { "self", "current" }, .. hasNext ? ["next"] : Array.Empty<string>(), .. hasPrevious ? ["previous"] : Array.Empty<string>()]);
        Assert.Equal(listing.Path, links["self"]!["href"].Str());
        AssertPageLink(links["current"], listing.Path, page, query, orderBy);
        if (hasNext)
        {
            AssertPageLink(links["next"], listing.Path, page + 1, query, orderBy);
        }

        if (hasPrevious)
        {
            AssertPageLink(links["previous"], listing.Path, page - 1, query, orderBy);
        }

        var followed = await listing.Client.GetObjectAsync(links["current"]!["href"].Str());
        Assert.True(JsonNode.DeepEquals(body, followed), "Following the current link gave a different page.");
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task FollowingNextLinks_YieldsEveryItemExactlyOnceInTheDefaultOrder(string resource)
    {
        var listing = await ListingAsync(resource);

        var seen = await FollowAllAsync(listing.Client, $"{listing.Path}?pageSize={PageSize}", resource);

        Assert.Equal(listing.AllIds, seen);
        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task FollowingNextLinksOfAQuery_YieldsEveryMatchExactlyOnce(string resource)
    {
        var listing = await ListingAsync(resource);

        var seen = await FollowAllAsync(listing.Client, $"{listing.Path}?pageSize={PageSize}&query={Uri.EscapeDataString(listing.Query)}", resource);

        Assert.Equal(listing.MatchingIds, seen);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task DefaultOrder_IsTheSameOnEveryCall(string resource)
    {
        var listing = await ListingAsync(resource);

        var first = await listing.Client.GetObjectAsync(listing.Path);
        var second = await listing.Client.GetObjectAsync($"{listing.Path}?page=1&pageSize=5000");

        Assert.Equal(listing.AllIds, first["results"]!.AsArray().Select(r => Identity(resource, r!)));
        Assert.Equal(listing.AllIds, second["results"]!.AsArray().Select(r => Identity(resource, r!)));
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task NoPagingParameters_MeansPageOneOfOneHundred(string resource)
    {
        var listing = await ListingAsync(resource);

        var body = await listing.Client.GetObjectAsync(listing.Path);

        Assert.Equal(1, body["pageNumber"]!.GetValue<int>());
        Assert.Equal(100, body["pageSize"]!.GetValue<int>());
        AssertPageLink(body["_links"]!["current"], listing.Path, 1, null, null, pageSize: 100);
        Assert.Null(body["_links"]!["next"]);
        Assert.Null(body["_links"]!["previous"]);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task PageSizeAtTheLimits_IsAccepted(string resource)
    {
        var listing = await ListingAsync(resource);

        var one = await listing.Client.GetObjectAsync($"{listing.Path}?pageSize=1");
        var max = await listing.Client.GetObjectAsync($"{listing.Path}?pageSize=5000");

        Assert.Single(one["results"]!.AsArray());
        Assert.Equal(listing.AllIds.Count, max["results"]!.AsArray().Count);
        Assert.Equal(5000, max["pageSize"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task LargestPageWithLargestPageSize_IsAnEmptyPage(string resource)
    {
        var listing = await ListingAsync(resource);

        var body = await listing.Client.GetObjectAsync($"{listing.Path}?page={int.MaxValue}&pageSize=5000");

        Assert.Empty(body["results"]!.AsArray());
        Assert.Equal(int.MaxValue, body["pageNumber"]!.GetValue<int>());
        Assert.Equal(listing.AllIds.Count, body["totalResults"]!.GetValue<int>());
        Assert.Null(body["_links"]!["next"]);
        AssertPageLink(body["_links"]!["previous"], listing.Path, int.MaxValue - 1, null, null, pageSize: 5000);
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Links_LeaveOutUnknownAndBlankParameters(string resource)
    {
        var listing = await ListingAsync(resource);

        var body = await listing.Client.GetObjectAsync($"{listing.Path}?utm_source=mail&pageSize={PageSize}&query=&orderBy=");

        AssertPageLink(body["_links"]!["current"], listing.Path, 1, null, null);
        AssertPageLink(body["_links"]!["next"], listing.Path, 2, null, null);
        Assert.Equal(listing.AllIds.Count, body["totalResults"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public async Task PagingParameterOutOfRange_Returns400NamingIt(string resource, string parameter, string value)
    {
        var listing = await ListingAsync(resource);

        var response = await listing.Client.GetAsync($"{listing.Path}?{parameter}={Uri.EscapeDataString(value)}");

        var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains(parameter, error.Error(), StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Error(), StringComparison.Ordinal);
        Assert.Equal(parameter, error["validation"]!["errors"]![0]!["itemId"].Str());
    }

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task OrderBy_UnknownProperty_Returns400NamingIt(string resource)
    {
        var listing = await ListingAsync(resource);

        foreach (var orderBy in new[] { "colour", "-colour", "created,name", "--created", "-" })
        {
            var response = await listing.Client.GetAsync($"{listing.Path}?orderBy={Uri.EscapeDataString(orderBy)}");

            var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
            Assert.Contains("orderBy", error.Error(), StringComparison.OrdinalIgnoreCase);
        }
    }

    public static TheoryData<string, string> EveryOrderableProperty
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var property in new[] { "id", "integrationId", "integrationKey", "sourceId", "sourceType", "platformName", "status", "lastSync", "created", "modifiedDate" })
            {
                data.Add("connections", property);
            }

            foreach (var property in new[] { "id", "name", "description", "created", "lastSync" })
            {
                data.Add("companies", property);
            }

            foreach (var property in new[] { "key", "name", "enabled", "sourceId", "sourceType", "integrationId", "isOfflineConnector", "isBeta", "dataProvidedBy" })
            {
                data.Add("integrations", property);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(EveryOrderableProperty))]
    public async Task OrderBy_EachPropertyEitherWay_ReturnsEveryItemOnce(string resource, string property)
    {
        var listing = await ListingAsync(resource);

        foreach (var orderBy in new[] { property, "-" + property })
        {
            var body = await listing.Client.GetObjectAsync($"{listing.Path}?orderBy={Uri.EscapeDataString(orderBy)}&pageSize=5000");

            Assert.Equal(listing.AllIds.Order(StringComparer.Ordinal), body["results"]!.AsArray().Select(r => Identity(resource, r!)).Order(StringComparer.Ordinal));
            AssertPageLink(body["_links"]!["current"], listing.Path, 1, null, orderBy, pageSize: 5000);
        }
    }

    [Fact]
    public async Task OrderBy_ConnectionStatus_GroupsEqualStatusesAndPagesWithoutRepeats()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            // Commerce Sandbox: a company may link any number of commerce connections.
            var id = (await _server.Client.CreateConnectionAsync(companyId, "aiwb")).Id();
            ids.Add(id);
            if (i % 2 == 0)
            {
                (await _server.Client.AuthorizeAsync(companyId, id, new Dictionary<string, string>())).EnsureSuccessStatusCode();
            }
        }

        var seen = await FollowAllAsync(_server.Client, $"/companies/{companyId}/connections?orderBy=status&pageSize=2", "connections");
        var statuses = new List<string>();
        foreach (var id in seen)
        {
            statuses.Add((await _server.Client.GetObjectAsync($"/companies/{companyId}/connections/{id}"))["status"].Str());
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(3, statuses.TakeWhile(s => s == statuses[0]).Count());
        Assert.Equal(3, statuses.SkipWhile(s => s == statuses[0]).Count(s => s != statuses[0]));
    }

    [Theory]
    [InlineData("connections")]
    [InlineData("companies")]
    public async Task OrderBy_Created_AscendingAndDescending(string resource)
    {
        var listing = await ListingAsync(resource);

        var ascending = await listing.Client.GetObjectAsync($"{listing.Path}?orderBy=created");
        var descending = await listing.Client.GetObjectAsync($"{listing.Path}?orderBy=-created");

        var up = ascending["results"]!.AsArray().Select(r => WireAssert.UtcTimestamp(r!["created"])).ToList();
        var down = descending["results"]!.AsArray().Select(r => WireAssert.UtcTimestamp(r!["created"])).ToList();
        Assert.Equal(up.Order(), up);
        Assert.Equal(down.OrderDescending(), down);
        Assert.Equal(listing.AllIds.Order(StringComparer.Ordinal), descending["results"]!.AsArray().Select(r => Identity(resource, r!)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OrderBy_DescendingName_ReversesTheIntegrationNames()
    {
        var ascending = await _server.Client.GetObjectAsync("/integrations?orderBy=name");
        var descending = await _server.Client.GetObjectAsync("/integrations?orderBy=-name");

        var up = ascending["results"]!.AsArray().Select(r => r!["name"].Str()).ToList();
        var down = descending["results"]!.AsArray().Select(r => r!["name"].Str()).ToList();
        Assert.Equal(37, up.Count);
        Assert.Equal(up.AsEnumerable().Reverse(), down);
    }

    [Fact]
    public async Task Companies_OrderByName_SortsByName()
    {
        using var tenant = await _server.CreateTenantClientAsync();
        foreach (var name in new[] { "Charlie", "Alpha", "Bravo" })
        {
            await tenant.CreateCompanyAsync(name);
        }

        var body = await tenant.GetObjectAsync("/companies?orderBy=name");

        Assert.Equal(["Alpha", "Bravo", "Charlie"], body["results"]!.AsArray().Select(r => r!["name"].Str()));
    }

    private static string Href(string path, int page, int pageSize, string? query, string? orderBy)
    {
        var href = $"{path}?page={page}&pageSize={pageSize}";
        if (query is not null)
        {
            href += "&query=" + Uri.EscapeDataString(query);
        }

        if (orderBy is not null)
        {
            href += "&orderBy=" + Uri.EscapeDataString(orderBy);
        }

        return href;
    }

    /// <summary>The link is the path with page, pageSize and the query and orderBy URL-encoded (decoding gives them back).</summary>
    private static void AssertPageLink(JsonNode? link, string path, int page, string? query, string? orderBy, int pageSize = PageSize)
    {
        Assert.NotNull(link);
        WireAssert.HasExactly(link.AsObject(), "href");
        var href = link["href"].Str();
        var questionMark = href.IndexOf('?', StringComparison.Ordinal);
        Assert.True(questionMark > 0, $"'{href}' has no query string.");
        Assert.Equal(path, href[..questionMark]);
        var raw = href[(questionMark + 1)..];
        Assert.DoesNotContain(' ', raw);
        var parameters = QueryHelpers.ParseQuery(raw);
        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["pageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (query is not null)
        {
            expected["query"] = query;
        }

        if (orderBy is not null)
        {
            expected["orderBy"] = orderBy;
        }

        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), parameters.ToDictionary(p => p.Key, p => Assert.Single(p.Value.ToArray())!).OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.StartsWith($"page={page}&pageSize={pageSize}", raw, StringComparison.Ordinal);
    }

    private static async Task<List<string>> FollowAllAsync(HttpClient client, string start, string resource)
    {
        var seen = new List<string>();
        string? next = start;
        for (var pages = 0; next is not null; pages++)
        {
            Assert.True(pages < 100, "Following next links did not end.");
            var body = await client.GetObjectAsync(next);
            seen.AddRange(body["results"]!.AsArray().Select(r => Identity(resource, r!)));
            next = body["_links"]!["next"]?["href"]?.GetValue<string>();
        }

        return seen;
    }

    private static string Identity(string resource, JsonNode item) => resource == "integrations" ? item["key"].Str() : item["id"].Str();

    /// <summary>
    /// A list this test owns: the connections of a new company, the companies of a new tenant, or the built-in
    /// integrations; with its ids in the default order, a query, the ids that match it, and an orderBy.
    /// </summary>
    private async Task<Listing> ListingAsync(string resource)
    {
        switch (resource)
        {
            case "connections":
            {
                var companyId = await _server.Client.CreateCompanyIdAsync();
                var all = new List<string>();
                var matching = new List<string>();
                foreach (var key in new[] { "mqjo", "gbol", "mqjo", "gbol", "mqjo", "gbol", "mqjo", "mqjo", "gbol" })
                {
                    var id = (await _server.Client.CreateConnectionAsync(companyId, key)).Id();
                    all.Add(id);
                    if (key == "mqjo")
                    {
                        matching.Add(id);
                    }
                }

                return new Listing(_server.Client, $"/companies/{companyId}/connections", all, "platformName=Sandbox && integrationKey=mqjo", matching, "-created");
            }

            case "companies":
            {
                var tenant = await _server.CreateTenantClientAsync();
                var all = new List<string>();
                var matching = new List<string>();
                foreach (var name in new[] { "Keep & Co 1", "Drop 1", "Keep & Co 2", "Keep & Co 3", "Drop 2", "Keep & Co 4", "Keep & Co 5", "Drop 3" })
                {
                    var id = await tenant.CreateCompanyIdAsync(name);
                    all.Add(id);
                    if (name.StartsWith("Keep", StringComparison.Ordinal))
                    {
                        matching.Add(id);
                    }
                }

                return new Listing(tenant, "/companies", all, "name~Keep & Co", matching, "-created");
            }

            default:
            {
                var keys = (await _server.Client.GetObjectAsync("/integrations?pageSize=5000"))["results"]!.AsArray().Select(r => r!["key"].Str()).ToList();
                Assert.Equal(37, keys.Count);
                var matching = Integrations.BuiltInPlatforms.All
                    .Where(p => p.Name.Contains("Sage", StringComparison.Ordinal) || p.SourceType == "Banking")
                    .Select(p => p.Key)
                    .ToHashSet(StringComparer.Ordinal);
                return new Listing(_server.Client, "/integrations", keys, "name~Sage || sourceType=Banking", [.. keys.Where(matching.Contains)], "-name");
            }
        }
    }

    private sealed record Listing(HttpClient Client, string Path, IReadOnlyList<string> AllIds, string Query, IReadOnlyList<string> MatchingIds, string OrderBy);
}
