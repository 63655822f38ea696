using System.Net;
using System.Net.Http.Json;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>
/// With private networks not allowed (the production default), consumer URLs on loopback, link-local, private or
/// unique-local addresses are refused at creation (after resolving the host name), and again at send time, on the
/// addresses the name resolves to then.
/// </summary>
public sealed class WebhookSsrfTests
{
    private static readonly (string, string?) NoPrivateNetworks = ("Switchboard:Webhooks:AllowPrivateNetworks", "false");

    [Fact]
    public async Task PrivateAddresses_AreRefusedAtCreation()
    {
        await using var server = await SwitchboardTestServer.StartAsync(Webhooks.QuickRetries(NoPrivateNetworks));
        string[] refused =
        [
            "http://127.0.0.1/h", "http://127.1.2.3:8080/h", "http://[::1]/h", "http://169.254.169.254/latest/meta-data", "http://10.0.0.7/h",
            "http://172.16.0.1/h", "http://192.168.1.1/h", "http://[fd00::1]/h", "http://[fe80::1]/h", "http://0.0.0.0/h", "http://100.64.0.1/h",
            "http://[::ffff:127.0.0.1]/h",
            // Names that resolve to loopback (the second from /etc/hosts).
            "http://localhost/h", "http://vm:9000/h",
        ];

        foreach (var url in refused)
        {
            var response = await server.Client.PostAsJsonAsync("/webhooks", new { url, eventTypes = new[] { "company.created" } });
            var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
            Assert.Contains("AllowPrivateNetworks", error.Error(), StringComparison.Ordinal);
        }

        Assert.Empty((await server.Client.GetObjectAsync("/webhooks"))["results"]!.AsArray());
        await server.Client.CreateConsumerAsync("https://93.184.215.14/h", ["company.created"]);
    }

    [Fact]
    public async Task APrivateAddress_IsRefusedAgainAtSendTime()
    {
        // Created while allowed; then the server restarts with private networks refused, as after a policy change or
        // as a name re-pointed at an internal address would be found at send time.
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await RestartableServer.StartAsync(Webhooks.QuickRetries());
        var localUrl = receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var (consumerId, _) = await server.Client.CreateConsumerAsync(localUrl, ["company.created"]);
        await server.RestartAsync(new Dictionary<string, string?> { [NoPrivateNetworks.Item1] = NoPrivateNetworks.Item2 });

        await server.Client.CreateCompanyIdAsync();

        var log = await server.Client.WaitForDeliveriesAsync(consumerId, d => d.Count == 1 && d[0]!["status"]!.GetValue<string>() == "Failed");
        Assert.Contains("Refused: localhost resolves to", log[0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(receiver.All);
    }
}
