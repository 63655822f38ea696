using System.Net;
using System.Net.Http.Json;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Server.Tests.Processes;
using Xunit;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>
/// Two server processes on one database (the run's backend) share one outbox: with changes arriving on both, every
/// event is delivered exactly once when no node dies, each attempt made by one node.
/// </summary>
public sealed class WebhookMultiNodeTests
{
    private const int Events = 2000;

    [Fact]
    public async Task TwoNodes_Deliver2000Events_EachExactlyOnce()
    {
        await using var database = await SharedDatabase.CreateAsync();
        var options = database.NodeOptions with
        {
            Extra = new Dictionary<string, string>(database.NodeOptions.Extra)
            {
                ["Switchboard__Webhooks__AllowPrivateNetworks"] = "true",
                ["Switchboard__Webhooks__PollInterval"] = "00:00:00.100",
            },
        };
        await using var receiver = await WebhookReceiver.StartAsync();
        var startA = ServerProcess.StartAsync(options);
        var startB = ServerProcess.StartAsync(options);
        await using var a = await startA;
        await using var b = await startB;
        using var clientA = a.CreateClient(database.ApiKey);
        using var clientB = b.CreateClient(database.ApiKey);
        await clientA.CreateConsumerAsync(receiver.Url, ["company.created"]);

        // Eight writers, alternating nodes; each request waits for its answer, as a client would.
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async writer =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Events)
            {
                var client = i % 2 == 0 ? clientA : clientB;
                (await client.PostAsJsonAsync("/companies", new { name = $"Company {i}" })).EnsureSuccessStatusCode();
            }
        }));

        var received = await receiver.NextAsync(Events, TimeSpan.FromSeconds(60));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await database.CountAsync("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'Succeeded'") < Events)
        {
            Assert.True(DateTime.UtcNow < deadline, "Not every delivery was recorded as succeeded within 60 s.");
            await Task.Delay(50);
        }

        Assert.Equal(Events, received.Select(r => r.Id).Distinct().Count());
        Assert.Equal(Events, received.Select(r => r.Payload["name"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(Events, receiver.All.Count);
        Assert.Equal(Events, await database.CountAsync("SELECT COUNT(*) FROM webhook_deliveries WHERE attempts = 1"));
    }
}
