using Switchboard.Server.Tests.Connections;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Integrations;

/// <summary>Integration ids are derived from the platform key, so separate installs agree on them.</summary>
public sealed class IntegrationIdStabilityTests
{
    [Fact]
    public async Task IntegrationIds_AreIdenticalOnTwoSeparateServers()
    {
        await using var first = await SwitchboardTestServer.StartAsync();
        await using var second = await SwitchboardTestServer.StartAsync();

        var one = await IdsAsync(first);
        var two = await IdsAsync(second);

        Assert.Equal(37, one.Count);
        Assert.Equal(one, two);
        Assert.Equal((ConnectionsApiTests.XeroIntegrationId, ConnectionsApiTests.XeroSourceId), one["gbol"]);
    }

    [Fact]
    public async Task ConnectionIntegrationIds_AreTheIntegrationsIds()
    {
        await using var server = await SwitchboardTestServer.StartAsync();
        var companyId = await server.Client.CreateCompanyIdAsync();

        foreach (var key in new[] { "gbol", "mqjo", "suuo", "fztf" })
        {
            var connection = await server.Client.CreateConnectionAsync(companyId, key);
            var integration = await server.Client.GetObjectAsync($"/integrations/{key}");

            Assert.Equal(integration["integrationId"].Str(), connection["integrationId"].Str());
            Assert.Equal(integration["sourceId"].Str(), connection["sourceId"].Str());
            Assert.Equal(integration["name"].Str(), connection["platformName"].Str());
            Assert.Equal(integration["sourceType"].Str(), connection["sourceType"].Str());
        }
    }

    /// <summary>Each platform key with its integration id and source id.</summary>
    private static async Task<Dictionary<string, (string IntegrationId, string SourceId)>> IdsAsync(SwitchboardTestServer server) =>
        (await server.Client.GetObjectAsync("/integrations?pageSize=5000"))["results"]!.AsArray()
            .ToDictionary(r => r!["key"].Str(), r => (r!["integrationId"].Str(), r["sourceId"].Str()), StringComparer.Ordinal);
}
