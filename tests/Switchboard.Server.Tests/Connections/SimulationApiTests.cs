using System.Net;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Connections;

/// <summary>
/// <c>POST /simulate/…/deauthorize</c>: served in Development and wherever <c>Switchboard:Simulation:Enabled</c> is true,
/// a 404 elsewhere; its <c>errorMessage</c> is capped; a connection keeps only its latest 20 errors.
/// </summary>
public sealed class SimulationApiTests
{
    [Fact]
    public async Task Deauthorize_InProductionByDefault_Returns404AndChangesNothing()
    {
        await using var server = await SwitchboardTestServer.StartAsync(environment: "Production");
        var (companyId, id) = await LinkedConnectionAsync(server.Client);

        var response = await DeauthorizeAsync(server.Client, companyId, id);

        await response.ReadErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal("Linked", (await server.Client.GetObjectAsync($"/companies/{companyId}/connections/{id}"))["status"].Str());
    }

    [Fact]
    public async Task Deauthorize_InProductionWhenEnabled_DeauthorizesTheConnection()
    {
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?> { ["Switchboard:Simulation:Enabled"] = "true" }, "Production");
        var (companyId, id) = await LinkedConnectionAsync(server.Client);

        var response = await DeauthorizeAsync(server.Client, companyId, id);

        Assert.Equal("Deauthorized", (await response.ReadObjectAsync(HttpStatusCode.OK))["status"].Str());
    }

    [Fact]
    public async Task Deauthorize_InDevelopmentWhenDisabled_Returns404()
    {
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?> { ["Switchboard:Simulation:Enabled"] = "false" });
        var (companyId, id) = await LinkedConnectionAsync(server.Client);

        await (await DeauthorizeAsync(server.Client, companyId, id)).ReadErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deauthorize_WithAnErrorMessageOver1000Characters_Returns400NamingTheFieldAndChangesNothing()
    {
        await using var server = await SwitchboardTestServer.StartAsync();
        var (companyId, id) = await LinkedConnectionAsync(server.Client);

        var response = await DeauthorizeAsync(server.Client, companyId, id, $$"""{"errorMessage":"{{new string('e', 1001)}}"}""");

        var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal("errorMessage", error["validation"]!["errors"]![0]!["itemId"].Str());
        Assert.Contains("1000", error.Error(), StringComparison.Ordinal);
        Assert.Equal("Linked", (await server.Client.GetObjectAsync($"/companies/{companyId}/connections/{id}"))["status"].Str());
    }

    [Fact]
    public async Task Deauthorize_After25ReLinks_KeepsOnlyTheLatest20Errors()
    {
        await using var server = await SwitchboardTestServer.StartAsync();
        var (companyId, id) = await LinkedConnectionAsync(server.Client);

        for (var cycle = 1; cycle <= 25; cycle++)
        {
            (await DeauthorizeAsync(server.Client, companyId, id, $$"""{"errorMessage":"failure {{cycle}}"}""")).EnsureSuccessStatusCode();
            (await server.Client.AuthorizeAsync(companyId, id)).EnsureSuccessStatusCode();
        }

        var errors = (await server.Client.GetObjectAsync($"/companies/{companyId}/connections/{id}"))["dataConnectionErrors"]!.AsArray();
        Assert.Equal(Enumerable.Range(6, 20).Select(cycle => $"failure {cycle}"), errors.Select(e => e!["errorMessage"].Str()));
    }

    private static async Task<(string CompanyId, string ConnectionId)> LinkedConnectionAsync(HttpClient client)
    {
        var companyId = await client.CreateCompanyIdAsync();
        var id = (await client.CreateConnectionAsync(companyId, "gbol")).Id();
        (await client.AuthorizeAsync(companyId, id)).EnsureSuccessStatusCode();
        return (companyId, id);
    }

    private static Task<HttpResponseMessage> DeauthorizeAsync(HttpClient client, string companyId, string connectionId, string body = "{}") =>
        client.SendAsync(HttpMethod.Post, $"/simulate/companies/{companyId}/connections/{connectionId}/deauthorize", body);
}
