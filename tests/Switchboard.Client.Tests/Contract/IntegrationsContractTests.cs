using Switchboard.Client.Models;
using Switchboard.Client.Tests.Contract.Host;
using Switchboard.Server.Hosting;

namespace Switchboard.Client.Tests.Contract;

/// <summary>Every Integrations operation of the SDK against the real server's built-in catalogue.</summary>
[Trait("Category", "Contract")]
public sealed class IntegrationsContractTests(SharedContractServer shared) : IClassFixture<SharedContractServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The catalogue the server ships (key, name, source type), read from the server assembly itself.</summary>
    private static readonly IReadOnlyList<(string Key, string Name, string SourceType)> Catalogue = ReadCatalogue();

    [Fact]
    public async Task List_ReturnsTheWholeBuiltInCatalogueOrderedByName()
    {
        var t = await shared.NewTenantAsync();

        var res = await t.Sdk.Integrations.ListAsync(new(), cancellationToken: Ct);

        Assert.Equal(200, res.StatusCode);
        var page = res.Integrations;
        Assert.Equal(1, page.PageNumber);
        Assert.Equal(100, page.PageSize);
        Assert.Equal(Catalogue.Count, page.TotalResults);
        Assert.Equal(
            Catalogue.OrderBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.Key, StringComparer.Ordinal).Select(i => i.Key),
            page.Results.Select(i => i.Key));
        Assert.All(page.Results, i =>
        {
            var expected = Catalogue.Single(c => c.Key == i.Key);
            Assert.Equal(expected.Name, i.Name);
            Assert.Equal(expected.SourceType, i.SourceType?.ToString());
            Assert.True(i.Enabled);
        });
        Assert.Equal("/integrations", page.Links?.Self?.Href);
        Assert.Equal("/integrations?page=1&pageSize=100", page.Links?.Current?.Href);
        Assert.Null(page.Links?.Next);
    }

    [Fact]
    public async Task List_WithAQueryAndOrderBy_FiltersAndOrdersTheCatalogue()
    {
        var t = await shared.NewTenantAsync();

        var page = (await t.Sdk.Integrations.ListAsync(new() { Query = "sourceType=Banking", OrderBy = "-name" }, cancellationToken: Ct)).Integrations;

        Assert.Equal(["upvr", "suuo"], page.Results.Select(i => i.Key));
        Assert.Equal(["TrueLayer", "Plaid"], page.Results.Select(i => i.Name));
        Assert.Equal(2, page.TotalResults);
        Assert.All(page.Results, i => Assert.Equal(SourceType.Banking, i.SourceType));
    }

    [Fact]
    public async Task ListAll_FollowsTheNextLinks_AndYieldsEveryIntegrationExactlyOnce()
    {
        var t = await shared.NewTenantAsync();

        var keys = new List<string>();
        await foreach (var integration in t.Sdk.Integrations.ListAllAsync(new() { PageSize = 10 }, cancellationToken: Ct))
        {
            keys.Add(integration.Key);
        }

        Assert.Equal(Catalogue.Count, keys.Count);
        Assert.Equal(Catalogue.Select(i => i.Key).Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Get_ReturnsTheIntegrationWithTheIdsItsConnectionsCarry()
    {
        var t = await shared.NewTenantAsync();
        var company = await t.CreateCompanyAsync();
        var connection = await t.CreateConnectionAsync(company.Id, "gbol");

        var res = await t.Sdk.Integrations.GetAsync(new() { PlatformKey = "gbol" }, cancellationToken: Ct);

        Assert.Equal(200, res.StatusCode);
        var xero = res.Integration;
        Assert.Equal("gbol", xero.Key);
        Assert.Equal("Xero", xero.Name);
        Assert.True(xero.Enabled);
        Assert.Equal(SourceType.Accounting, xero.SourceType);
        Assert.Equal($"{shared.Server.PublicBaseUrl}/link/logos/gbol.svg", xero.LogoUrl);
        Assert.False(xero.IsOfflineConnector);
        Assert.False(xero.IsBeta);
        Assert.Equal("Switchboard", xero.DataProvidedBy);
        Assert.NotNull(xero.DatatypeFeatures);
        Assert.Empty(xero.DatatypeFeatures);
        Assert.True(Guid.TryParse(xero.IntegrationId, out _), xero.IntegrationId);
        Assert.True(Guid.TryParse(xero.SourceId, out _), xero.SourceId);
        Assert.Equal(connection.IntegrationId, xero.IntegrationId);
        Assert.Equal(connection.SourceId, xero.SourceId);
    }

    [Fact]
    public async Task Get_OfflineConnector_SaysSo()
    {
        var t = await shared.NewTenantAsync();

        var integration = (await t.Sdk.Integrations.GetAsync(new() { PlatformKey = "pqsw" }, cancellationToken: Ct)).Integration;

        Assert.Equal("pqsw", integration.Key);
        Assert.True(integration.IsOfflineConnector);
    }

    [Fact]
    public async Task GetBranding_ReturnsTheLogoAndButtonImagesAndTheSourceId()
    {
        var t = await shared.NewTenantAsync();
        var xero = (await t.Sdk.Integrations.GetAsync(new() { PlatformKey = "gbol" }, cancellationToken: Ct)).Integration;

        var res = await t.Sdk.Integrations.GetBrandingAsync(new() { PlatformKey = "gbol" }, cancellationToken: Ct);

        Assert.Equal(200, res.StatusCode);
        var branding = res.Branding;
        Assert.Equal(xero.SourceId, branding.SourceId);
        var logo = $"{shared.Server.PublicBaseUrl}/link/logos/gbol.svg";
        Assert.All([branding.Logo?.Full, branding.Logo?.Square], image =>
        {
            Assert.Equal(logo, image?.Image?.Src);
            Assert.Equal("Xero logo", image?.Image?.Alt);
        });
        Assert.All([branding.Button?.Default, branding.Button?.Hover], image =>
        {
            Assert.Equal(logo, image?.Image?.Src);
            Assert.Equal("Connect to Xero", image?.Image?.Alt);
        });
    }

    private static List<(string Key, string Name, string SourceType)> ReadCatalogue()
    {
        using var stream = typeof(SwitchboardApplication).Assembly.GetManifestResourceStream("Switchboard.Server.Integrations.platform-keys.csv")
            ?? throw new InvalidOperationException("The server's platform-keys.csv resource is missing.");
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        var result = new List<(string, string, string)>();
        while (reader.ReadLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                var first = line.IndexOf(',', StringComparison.Ordinal);
                var last = line.LastIndexOf(',');
                result.Add((line[..first], line[(first + 1)..last], line[(last + 1)..]));
            }
        }

        return result;
    }
}
