using System.Net;
using System.Text.RegularExpressions;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Tenancy;

/// <summary>
/// Another tenant's key with the first tenant's ids, on every route and method: the answer is the very 404 that a
/// made-up id gets (byte for byte, but for the correlation id), so it reveals nothing, and the first tenant's data
/// is unchanged afterwards.
/// </summary>
public sealed partial class TenancyProbeTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string CurrentTag = "(current tag)";

    private readonly SwitchboardTestServer _server = shared.Server;

    /// <summary>Method, path template ({c} company, {k} connection, {key} API key), body, If-Match, whether to send an Idempotency-Key.</summary>
    public static TheoryData<string, string, string?, string?, bool> Probes => new()
    {
        { "GET", "/companies/{c}", null, null, false },
        { "PUT", "/companies/{c}", """{"name":"Hijacked"}""", null, false },
        { "PUT", "/companies/{c}", """{"name":"Hijacked"}""", CurrentTag, false },
        { "PATCH", "/companies/{c}", """{"name":"Hijacked"}""", null, false },
        { "PATCH", "/companies/{c}", """{"name":"Hijacked"}""", "*", true },
        { "PATCH", "/companies/{c}", """{"name":"Hijacked"}""", CurrentTag, false },
        { "DELETE", "/companies/{c}", null, null, false },
        { "DELETE", "/companies/{c}", null, CurrentTag, false },
        { "DELETE", "/companies/{c}", null, "\"999\"", false },
        { "GET", "/companies/{c}/connections", null, null, false },
        { "GET", "/companies/{c}/connections?page=1&pageSize=10&query=status%3DLinked&orderBy=-created", null, null, false },
        { "POST", "/companies/{c}/connections", """{"platformKey":"gbol"}""", null, false },
        { "POST", "/companies/{c}/connections", """{"platformKey":"gbol"}""", null, true },
        { "GET", "/companies/{c}/connections/{k}", null, null, false },
        { "PATCH", "/companies/{c}/connections/{k}", """{"status":"Unlinked"}""", null, false },
        { "PATCH", "/companies/{c}/connections/{k}", """{"status":"Unlinked"}""", CurrentTag, true },
        { "PATCH", "/companies/{c}/connections/{k}", """{"status":"Unlinked"}""", "\"999\"", false },
        { "DELETE", "/companies/{c}/connections/{k}", null, null, false },
        { "DELETE", "/companies/{c}/connections/{k}", null, CurrentTag, false },
        { "DELETE", "/companies/{c}/connections/{k}", null, "\"999\"", false },
        { "PUT", "/companies/{c}/connections/{k}/authorization", """{"accessToken":"x","refreshToken":"y"}""", null, false },
        { "PUT", "/companies/{c}/connections/{k}/authorization", """{"accessToken":"x","refreshToken":"y"}""", CurrentTag, false },
        { "PUT", "/companies/{c}/connections/{k}/authorization", """{"accessToken":"x","refreshToken":"y"}""", "\"999\"", false },
        { "DELETE", "/apiKeys/{key}", null, null, false },
    };

    [Theory]
    [MemberData(nameof(Probes))]
    public async Task AnotherTenantsIds_AnswerExactlyLikeMadeUpIds_AndChangeNothing(string method, string template, string? body, string? ifMatch, bool idempotent)
    {
        var owner = await ArrangeOwnerAsync();
        var intruder = await _server.NewTenantAsync("Intruder");
        var before = await owner.SnapshotAsync(_server);
        var tag = ifMatch == CurrentTag ? await owner.CurrentTagAsync(template) : ifMatch;

        var theirs = await ProbeAsync(intruder.Client, method, Fill(template, owner.CompanyId, owner.ConnectionId, owner.SecondKeyId), body, tag, idempotent);
        var madeUp = await ProbeAsync(intruder.Client, method, Fill(template, Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString()), body, tag, idempotent);

        Assert.Equal(HttpStatusCode.NotFound, madeUp.Status);
        Assert.Equal(madeUp, theirs);
        Assert.Equal(before, await owner.SnapshotAsync(_server));
    }

    public static TheoryData<string, string, string?> ConnectionProbes => new()
    {
        { "GET", "/companies/{c}/connections/{k}", null },
        { "PATCH", "/companies/{c}/connections/{k}", """{"status":"Unlinked"}""" },
        { "DELETE", "/companies/{c}/connections/{k}", null },
        { "PUT", "/companies/{c}/connections/{k}/authorization", """{"accessToken":"x","refreshToken":"y"}""" },
    };

    [Theory]
    [MemberData(nameof(ConnectionProbes))]
    public async Task AnotherTenantsConnection_UnderTheIntrudersOwnCompany_AnswersLikeAMadeUpConnection(string method, string template, string? body)
    {
        var owner = await ArrangeOwnerAsync();
        var intruder = await _server.NewTenantAsync("Intruder");
        var ownCompany = await intruder.Client.CreateCompanyIdAsync("Intruder Ltd");
        var before = await owner.SnapshotAsync(_server);

        var theirs = await ProbeAsync(intruder.Client, method, Fill(template, ownCompany, owner.ConnectionId, string.Empty), body, null, false);
        var madeUp = await ProbeAsync(intruder.Client, method, Fill(template, ownCompany, Guid.NewGuid().ToString(), string.Empty), body, null, false);

        Assert.Equal(HttpStatusCode.NotFound, madeUp.Status);
        Assert.Equal(madeUp, theirs);
        Assert.Equal(before, await owner.SnapshotAsync(_server));
    }

    [Fact]
    public async Task Lists_AndQueries_NeverShowAnotherTenantsData()
    {
        var owner = await ArrangeOwnerAsync();
        var intruder = await _server.NewTenantAsync("Intruder");

        var companies = await intruder.Client.GetStringAsync("/companies?pageSize=5000");
        var byId = await intruder.Client.GetObjectAsync($"/companies?query=id%3D{owner.CompanyId}");
        var byName = await intruder.Client.GetObjectAsync($"/companies?query=name%3D{Uri.EscapeDataString(OwnerTenant.CompanyName)}");
        var linked = await intruder.Client.GetObjectAsync("/companies?query=dataConnections.status%3DLinked");
        var keys = await intruder.Client.GetStringAsync("/apiKeys");

        Assert.DoesNotContain(owner.CompanyId, companies, StringComparison.Ordinal);
        Assert.Equal(0, byId["totalResults"]!.GetValue<int>());
        Assert.Equal(0, byName["totalResults"]!.GetValue<int>());
        Assert.Equal(0, linked["totalResults"]!.GetValue<int>());
        Assert.DoesNotContain(owner.SecondKeyId, keys, StringComparison.Ordinal);
    }

    private async Task<OwnerTenant> ArrangeOwnerAsync()
    {
        var tenant = await _server.NewTenantAsync("Owner");
        var companyId = (await (await tenant.Client.PostAsync("/companies", Api.Json($$$"""{"name":"{{{OwnerTenant.CompanyName}}}","description":"secret","tags":{"region":"eu"}}""")))
            .ReadObjectAsync(HttpStatusCode.OK)).Id();
        var (_, connectionId) = await tenant.Client.CreateLinkedConnectionAsync(companyId);
        // A second key, so that deleting it would succeed (and show) if the tenant check were missing.
        var secondKey = await (await tenant.Client.PostAsync("/apiKeys", Api.Json("""{"name":"second"}"""))).ReadObjectAsync(HttpStatusCode.Created);
        return new OwnerTenant(tenant.Client, companyId, connectionId, secondKey.Id());
    }

    private static string Fill(string template, string companyId, string connectionId, string keyId) =>
        template.Replace("{c}", companyId, StringComparison.Ordinal).Replace("{k}", connectionId, StringComparison.Ordinal).Replace("{key}", keyId, StringComparison.Ordinal);

    private static async Task<ProbeAnswer> ProbeAsync(HttpClient client, string method, string path, string? body, string? ifMatch, bool idempotent)
    {
        var headers = new List<(string, string)>();
        if (ifMatch is not null)
        {
            headers.Add((Requests.IfMatch, ifMatch));
        }

        if (idempotent)
        {
            headers.Add((Requests.IdempotencyKey, Guid.NewGuid().ToString()));
        }

        var response = await client.RequestAsync(method, path, body, [.. headers]);
        var text = await response.Content.ReadAsStringAsync();
        var headerNames = string.Join(",", response.Headers.Select(h => h.Key).Concat(response.Content.Headers.Select(h => h.Key)).Order(StringComparer.OrdinalIgnoreCase));
        return new ProbeAnswer(response.StatusCode, response.Content.Headers.ContentType?.ToString(), headerNames, CorrelationId().Replace(text, "\"correlationId\":\"\""));
    }

    [GeneratedRegex("\"correlationId\":\"[^\"]*\"")]
    private static partial Regex CorrelationId();
}
