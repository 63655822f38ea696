using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Connections;
using Switchboard.Server.Paging;
using Switchboard.Server.Persistence;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Connections;

/// <summary>
/// Connection lists run hand-written SQL (written from the query language's bound queries by SqlQueryWriter). Every field,
/// every operator it takes, and combinations of them must select and order exactly the rows EF Core selects for
/// the same query on the same database; on both providers, as the whole suite runs on each.
/// </summary>
public sealed class ConnectionListSqlTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly SwitchboardTestServer _server = shared.Server;

    public static TheoryData<string?, string?> Queries()
    {
        var data = new TheoryData<string?, string?>();
        string[] clauses =
        [
            "id={id}", "id!={id}", "integrationId={integrationId}", "integrationId!={integrationId}",
            "integrationKey=gbol", "integrationKey!=gbol", "integrationKey~BO", "integrationKey~zz",
            "sourceId={sourceId}", "sourceId!={sourceId}", "sourceType=Accounting", "sourceType!=Banking",
            "platformName=Xero", "platformName!=Xero", "platformName~SAND", "platformName~ero",
            "status=Linked", "status!=Linked", "status=Unlinked", "status=Deauthorized", "status=PendingAuth",
            "lastSync={lastSync}", "lastSync!={lastSync}", "lastSync>{lastSync}", "lastSync>={lastSync}", "lastSync<{lastSync}",
            "lastSync<={lastSync}", "lastSync>2000-01-01", "lastSync<2999-01-01", "lastSync!=2000-01-01", "lastSync={lastSyncDay}",
            "created={created}", "created!={created}", "created>{created}", "created>={created}", "created<{created}", "created<={created}",
            "created={day}", "created!={day}", "created>{day}", "created>={day}", "created<{day}", "created<={day}",
            "modifiedDate>={created}", "modifiedDate<{created}",
            "status=Linked||sourceType=Banking&&platformName~a", "{status=Linked||status=Unlinked}&&integrationKey!=gbol",
            "status!=PendingAuth&&{created<{created}||integrationKey=mqjo}",
        ];
        foreach (var clause in clauses)
        {
            data.Add(clause, null);
        }

        foreach (var orderBy in new[] { "status", "-platformName", "integrationKey", "-created", "modifiedDate", "-id", "lastSync" })
        {
            data.Add(null, orderBy);
            data.Add("status!=PendingAuth", orderBy);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task A_List_Selects_And_Orders_The_Rows_EF_Core_Does(string? query, string? orderBy)
    {
        var (companyId, sample) = await CompanyAsync();
        query = query?.Replace("{id}", sample.Id.ToString(), StringComparison.Ordinal)
            .Replace("{integrationId}", sample.IntegrationId.ToString(), StringComparison.Ordinal)
            .Replace("{sourceId}", sample.SourceId.ToString(), StringComparison.Ordinal)
            .Replace("{created}", sample.Created.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{lastSync}", sample.LastSync!.Value.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{lastSyncDay}", sample.LastSync!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{day}", sample.Created.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var expected = await EfCoreAsync(companyId, query, orderBy);
        var url = $"/companies/{companyId}/connections?pageSize=100"
            + (query is null ? "" : "&query=" + Uri.EscapeDataString(query))
            + (orderBy is null ? "" : "&orderBy=" + Uri.EscapeDataString(orderBy));
        var body = await _server.Client.GetObjectAsync(url);
        var actual = body["results"]!.AsArray().Select(r => Guid.Parse(r!["id"].Str())).ToList();

        Assert.Equal(expected, actual);
        Assert.Equal(expected.Count, body["totalResults"]!.GetValue<int>());
        Assert.True(expected.Count > 0 || query is not null, "The data should give every order something to order.");
        // Half the rows have a lastSync, so every lastSync case has rows to select (all null once made them pass
        // by selecting nothing on both sides).
        Assert.True(expected.Count > 0 || query?.Contains("lastSync", StringComparison.Ordinal) != true, "A lastSync case selected nothing.");
    }

    private async Task<List<Guid>> EfCoreAsync(Guid companyId, string? query, string? orderBy)
    {
        using var scope = _server.Services.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SwitchboardDbContext>>().CreateDbContextAsync();
        db.TenantId = await db.Companies.IgnoreQueryFilters().Where(c => c.Id == companyId).Select(c => c.TenantId).SingleAsync();
        var request = PageRequest.From(new ListParameters { Query = query, OrderBy = orderBy, PageSize = "100" });
        var (_, ordered) = Pager.Prepare(db.Set<ConnectionEntity>().Where(c => c.CompanyId == companyId), request, ConnectionQuerySchema.Instance);
        return await ordered.Select(c => c.Id).ToListAsync();
    }

    /// <summary>
    /// A new company with eight connections on four platforms, two in each status, half of them with a lastSync (a
    /// day apart, set in the database: no API sets it); and one of them, with a lastSync, to query by.
    /// </summary>
    private async Task<(Guid CompanyId, ConnectionEntity Sample)> CompanyAsync()
    {
        var company = await _server.Client.CreateCompanyIdAsync();
        var ids = new List<string>();
        foreach (var (key, index) in new[] { "gbol", "aiwb", "suuo", "upvr", "gbol", "aiwb", "upvr", "gbol" }.Select((k, i) => (k, i)))
        {
            var id = (await _server.Client.CreateConnectionAsync(company, key)).Id();
            ids.Add(id);
            if (index % 2 == 0)
            {
                await _server.SetConnectionLastSyncAsync(id, new DateTime(2024, 3, 1 + index, 8, 30, 15, 123, DateTimeKind.Utc));
            }

            var path = $"/companies/{company}/connections/{id}";
            if (index % 4 == 0)
            {
                continue; // PendingAuth
            }

            var credentials = new Dictionary<string, string> { ["accessToken"] = "a", ["refreshToken"] = "r", ["connectorToken"] = "c" };
            (await _server.Client.AuthorizeAsync(company, id, credentials)).EnsureSuccessStatusCode();
            if (index % 4 == 2)
            {
                (await _server.Client.UnlinkAsync(company, id)).EnsureSuccessStatusCode();
            }
            else if (index % 4 == 3)
            {
                (await _server.Client.SendAsync(HttpMethod.Post, $"/simulate{path}/deauthorize")).EnsureSuccessStatusCode();
            }
        }

        using var scope = _server.Services.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SwitchboardDbContext>>().CreateDbContextAsync();
        var sampleId = Guid.Parse(ids[4]);
        var sample = await db.Set<ConnectionEntity>().IgnoreQueryFilters().SingleAsync(c => c.Id == sampleId);
        return (sample.CompanyId, sample);
    }
}
