using System.Net;
using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Connections;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Integrations;

/// <summary>The built-in catalogue over HTTP: list, get and branding, and their wire shapes.</summary>
public sealed class IntegrationsApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly string[] IntegrationFields =
        ["key", "logoUrl", "name", "enabled", "sourceId", "sourceType", "integrationId", "isOfflineConnector", "isBeta", "dataProvidedBy", "datatypeFeatures"];

    private readonly SwitchboardTestServer _server = shared.Server;

    public static TheoryData<string> PlatformKeys => [.. BuiltInPlatforms.All.Select(p => p.Key)];

    [Fact]
    public async Task List_HoldsEveryPublicPlatformKeyWithItsNameAndSourceType()
    {
        var page = await _server.Client.GetObjectAsync("/integrations");

        Assert.Equal(37, page["totalResults"]!.GetValue<int>());
        var results = page["results"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(
            BuiltInPlatforms.All.Select(p => $"{p.Key}|{p.Name}|{p.SourceType}").Order(StringComparer.Ordinal),
            results.Select(r => $"{r["key"].Str()}|{r["name"].Str()}|{r["sourceType"].Str()}").Order(StringComparer.Ordinal));
        foreach (var integration in results)
        {
            WireAssert.HasExactly(integration, IntegrationFields);
            Assert.Matches("^[a-z]{4}$", integration["key"].Str());
            Assert.True(integration["enabled"]!.GetValue<bool>());
        }

        Assert.Equal(37, results.Select(r => r["integrationId"].Str()).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(37, results.Select(r => r["sourceId"].Str()).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(PlatformKeys))]
    public async Task Get_EachBuiltInKey_ReturnsTheSameIntegrationAsTheList(string key)
    {
        var listed = (await _server.Client.GetObjectAsync("/integrations?pageSize=5000"))["results"]!.AsArray().Single(r => r!["key"].Str() == key);

        var integration = await _server.Client.GetObjectAsync($"/integrations/{key}");

        Assert.True(JsonNode.DeepEquals(listed, integration), $"list shows {listed}, get answers {integration}");
        WireAssert.GuidString(integration["integrationId"]);
        WireAssert.GuidString(integration["sourceId"]);
        Assert.True(Uri.IsWellFormedUriString(integration["logoUrl"].Str(), UriKind.Absolute));
    }

    [Fact]
    public async Task Get_Xero_HasItsDerivedIdsAndExactShape()
    {
        var xero = await _server.Client.GetObjectAsync("/integrations/gbol");

        WireAssert.HasExactly(xero, IntegrationFields);
        Assert.Equal("gbol", xero["key"].Str());
        Assert.Equal("Xero", xero["name"].Str());
        Assert.Equal("Accounting", xero["sourceType"].Str());
        Assert.Equal(ConnectionsApiTests.XeroIntegrationId, xero["integrationId"].Str());
        Assert.Equal(ConnectionsApiTests.XeroSourceId, xero["sourceId"].Str());
        Assert.False(xero["isOfflineConnector"]!.GetValue<bool>());
        Assert.False(xero["isBeta"]!.GetValue<bool>());
        Assert.IsType<JsonArray>(xero["datatypeFeatures"]);
        Assert.False(string.IsNullOrEmpty(xero["dataProvidedBy"].Str()));
    }

    [Theory]
    [InlineData("pqsw")]
    [InlineData("hbql")]
    public async Task Get_DesktopProduct_IsAnOfflineConnector(string key)
    {
        var integration = await _server.Client.GetObjectAsync($"/integrations/{key}");

        Assert.True(integration["isOfflineConnector"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Branding_Xero_HasTheBrandingShape()
    {
        var branding = await _server.Client.GetObjectAsync("/integrations/gbol/branding");

        WireAssert.HasExactly(branding, "logo", "button", "sourceId");
        Assert.Equal(ConnectionsApiTests.XeroSourceId, branding["sourceId"].Str());
        WireAssert.HasExactly(branding["logo"]!.AsObject(), "full", "square");
        WireAssert.HasExactly(branding["button"]!.AsObject(), "default", "hover");
        foreach (var image in new[] { branding["logo"]!["full"], branding["logo"]!["square"], branding["button"]!["default"], branding["button"]!["hover"] })
        {
            WireAssert.HasExactly(image!.AsObject(), "image");
            WireAssert.HasExactly(image["image"]!.AsObject(), "src", "alt");
            Assert.True(Uri.IsWellFormedUriString(image["image"]!["src"].Str(), UriKind.Absolute));
            Assert.Contains("Xero", image["image"]!["alt"].Str(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Logo_OfAnIntegration_IsServedAsSvg()
    {
        var xero = await _server.Client.GetObjectAsync("/integrations/gbol");
        using var anonymous = new HttpClient();

        var logo = await anonymous.GetAsync(xero["logoUrl"].Str());

        Assert.Equal(HttpStatusCode.OK, logo.StatusCode);
        Assert.Equal("image/svg+xml", logo.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/integrations/zzzz")]
    [InlineData("/integrations/zzzz/branding")]
    public async Task Get_UnknownKey_Returns404NamingIt(string path)
    {
        var error = await (await _server.Client.GetAsync(path)).ReadErrorAsync(HttpStatusCode.NotFound);

        Assert.Contains("'zzzz'", error.Error(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GBOL")]
    [InlineData("gbo")]
    [InlineData("gbols")]
    [InlineData("gb1l")]
    public async Task Get_MalformedKey_Returns400NamingIt(string key)
    {
        foreach (var path in new[] { $"/integrations/{key}", $"/integrations/{key}/branding" })
        {
            var error = await (await _server.Client.GetAsync(path)).ReadErrorAsync(HttpStatusCode.BadRequest);

            Assert.Contains($"'{key}'", error.Error(), StringComparison.Ordinal);
        }
    }
}
