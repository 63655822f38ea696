using System.Net;
using Switchboard.Server.Tests.Connections;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Integrations;

/// <summary>
/// Operators add, rename, disable and change the authorization keys of integrations by configuration
/// (<c>Switchboard:Integrations:{key}:…</c>). Each test starts its own server with its own settings.
/// </summary>
public sealed class IntegrationConfigurationTests
{
    [Fact]
    public async Task AddedIntegration_IsListedAndCanBeConnectedAndAuthorized()
    {
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Switchboard:Integrations:abcd:Name"] = "Acme Bank",
            ["Switchboard:Integrations:abcd:SourceType"] = "Banking",
            ["Switchboard:Integrations:abcd:AuthorizationKeys:0"] = "clientId",
            ["Switchboard:Integrations:abcd:AuthorizationKeys:1"] = "clientSecret",
        });

        var integration = await server.Client.GetObjectAsync("/integrations/abcd");
        var list = await server.Client.GetObjectAsync("/integrations?pageSize=5000");
        var companyId = await server.Client.CreateCompanyIdAsync();
        var connection = await server.Client.CreateConnectionAsync(companyId, "abcd");
        var missing = await server.Client.AuthorizeAsync(companyId, connection.Id(), new Dictionary<string, string> { ["clientId"] = "id" });
        var authorized = await server.Client.AuthorizeAsync(companyId, connection.Id(), new Dictionary<string, string> { ["clientId"] = "id", ["clientSecret"] = "secret" });

        Assert.Equal("Acme Bank", integration["name"].Str());
        Assert.Equal("Banking", integration["sourceType"].Str());
        Assert.True(integration["enabled"]!.GetValue<bool>());
        WireAssert.GuidString(integration["integrationId"]);
        Assert.Equal(38, list["totalResults"]!.GetValue<int>());
        Assert.Contains(list["results"]!.AsArray(), r => r!["key"].Str() == "abcd");
        Assert.Equal("Acme Bank", connection["platformName"].Str());
        Assert.Equal("Banking", connection["sourceType"].Str());
        Assert.Equal("abcd", connection["integrationKey"].Str());
        Assert.Equal(integration["integrationId"].Str(), connection["integrationId"].Str());
        var error = await missing.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("clientSecret", error.Error(), StringComparison.Ordinal);
        Assert.Equal("Linked", (await authorized.ReadObjectAsync(HttpStatusCode.OK))["status"].Str());
    }

    [Fact]
    public async Task AddedIntegration_HasTheSameIdOnEveryServer()
    {
        var settings = new Dictionary<string, string?> { ["Switchboard:Integrations:abcd:Name"] = "Acme Bank" };
        await using var first = await SwitchboardTestServer.StartAsync(settings);
        await using var second = await SwitchboardTestServer.StartAsync(settings);

        var one = await first.Client.GetObjectAsync("/integrations/abcd");
        var two = await second.Client.GetObjectAsync("/integrations/abcd");

        Assert.Equal(one["integrationId"].Str(), two["integrationId"].Str());
        Assert.Equal(one["sourceId"].Str(), two["sourceId"].Str());
    }

    [Fact]
    public async Task RenamedIntegration_KeepsItsIdsAndNamesNewConnections()
    {
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?> { ["Switchboard:Integrations:gbol:Name"] = "Xero (Renamed)" });

        var integration = await server.Client.GetObjectAsync("/integrations/gbol");
        var companyId = await server.Client.CreateCompanyIdAsync();
        var connection = await server.Client.CreateConnectionAsync(companyId, "gbol");

        Assert.Equal("Xero (Renamed)", integration["name"].Str());
        Assert.Equal("Accounting", integration["sourceType"].Str());
        Assert.Equal(ConnectionsApiTests.XeroIntegrationId, integration["integrationId"].Str());
        Assert.Equal("Xero (Renamed)", connection["platformName"].Str());
        Assert.Equal(ConnectionsApiTests.XeroIntegrationId, connection["integrationId"].Str());
        Assert.Equal(37, (await server.Client.GetObjectAsync("/integrations"))["totalResults"]!.GetValue<int>());
    }

    [Fact]
    public async Task DisabledIntegration_IsListedAsDisabledAndCannotBeConnected()
    {
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?> { ["Switchboard:Integrations:gbol:Enabled"] = "false" });
        var companyId = await server.Client.CreateCompanyIdAsync();

        var response = await server.Client.PostAsync($"/companies/{companyId}/connections", Api.Json("""{"platformKey":"gbol"}"""));

        var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("'gbol'", error.Error(), StringComparison.Ordinal);
        Assert.Contains("disabled", error.Error(), StringComparison.Ordinal);
        Assert.Equal(0, (await server.Client.GetObjectAsync($"/companies/{companyId}/connections"))["totalResults"]!.GetValue<int>());
        var integration = await server.Client.GetObjectAsync("/integrations/gbol");
        Assert.False(integration["enabled"]!.GetValue<bool>());
        var list = await server.Client.GetObjectAsync("/integrations?pageSize=5000");
        Assert.Equal(37, list["totalResults"]!.GetValue<int>());
        Assert.False(list["results"]!.AsArray().Single(r => r!["key"].Str() == "gbol")!["enabled"]!.GetValue<bool>());
        var disabled = await server.Client.GetObjectAsync("/integrations?query=" + Uri.EscapeDataString("enabled=false"));
        Assert.Equal(["gbol"], disabled["results"]!.AsArray().Select(r => r!["key"].Str()));
        Assert.Equal("Linked", (await (await server.Client.AuthorizeAsync(companyId, (await server.Client.CreateConnectionAsync(companyId, "mqjo")).Id(), new Dictionary<string, string>()))
            .ReadObjectAsync(HttpStatusCode.OK))["status"].Str());
    }

    [Fact]
    public async Task ConfiguredAuthorizationKeys_ReplaceTheBuiltInOnes()
    {
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?> { ["Switchboard:Integrations:gbol:AuthorizationKeys:0"] = "apiKey" });
        var companyId = await server.Client.CreateCompanyIdAsync();
        var id = (await server.Client.CreateConnectionAsync(companyId, "gbol")).Id();

        var withTokens = await server.Client.AuthorizeAsync(companyId, id, new Dictionary<string, string> { ["accessToken"] = "a", ["refreshToken"] = "r" });
        var withApiKey = await server.Client.AuthorizeAsync(companyId, id, new Dictionary<string, string> { ["apiKey"] = "k" });

        var error = await withTokens.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("apiKey", error.Error(), StringComparison.Ordinal);
        Assert.DoesNotContain("accessToken", error.Error(), StringComparison.Ordinal);
        Assert.Equal("Linked", (await withApiKey.ReadObjectAsync(HttpStatusCode.OK))["status"].Str());
    }

    [Fact]
    public async Task ConfiguredSourceTypeAndFlags_AreShown()
    {
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Switchboard:Integrations:suuo:SourceType"] = "bankfeed",
            ["Switchboard:Integrations:suuo:IsBeta"] = "true",
            ["Switchboard:Integrations:suuo:LogoUrl"] = "https://cdn.example.com/plaid.svg",
            ["Switchboard:Integrations:suuo:DataProvidedBy"] = "Plaid Inc.",
        });

        var plaid = await server.Client.GetObjectAsync("/integrations/suuo");

        Assert.Equal("BankFeed", plaid["sourceType"].Str());
        Assert.True(plaid["isBeta"]!.GetValue<bool>());
        Assert.Equal("https://cdn.example.com/plaid.svg", plaid["logoUrl"].Str());
        Assert.Equal("Plaid Inc.", plaid["dataProvidedBy"].Str());
    }
}
