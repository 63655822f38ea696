using System.Net;
using System.Net.Http.Json;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Server.Tests.Processes;
using Xunit;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>
/// Two server processes on one database (the run's backend) share one outbox: with changes arriving on both, every
/// event is delivered exactly once when no node dies, each attempt made by one node; when one node is killed while
/// it holds claimed deliveries, the other sends them once their claims run out, so every event is still delivered.
/// </summary>
[LongRunning]
public sealed class WebhookMultiNodeTests
{
    private const int Events = 2000;

    [Fact]
    public async Task TwoNodes_Deliver2000Events_EachExactlyOnce()
    {
        await using var database = await SharedDatabase.CreateAsync();
        var options = NodeOptions(database);
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var nodes = await TwoNodes.StartAsync(options, database.ApiKey);
        var (clientA, clientB) = (nodes.ClientA, nodes.ClientB);
        await clientA.CreateConsumerAsync(receiver.Url, ["company.created"]);

        await WriteCompaniesAsync([clientA, clientB], 0, Events);

        var received = await receiver.NextAsync(Events, TimeSpan.FromSeconds(60));
        await WaitUntilSucceededAsync(database, Events);

        Assert.Equal(Events, received.Select(r => r.Id).Distinct().Count());
        Assert.Equal(Events, received.Select(r => r.Payload["name"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(Events, receiver.All.Count);
        Assert.Equal(Events, await database.CountAsync("SELECT COUNT(*) FROM webhook_deliveries WHERE attempts = 1"));
    }

    [Fact]
    public async Task ANodeKilledWhileItHoldsClaims_TheOtherDeliversThemOnceTheyRunOut_EveryEventAtLeastOnce()
    {
        const int before = 100, after = 100, inFlight = 4;
        await using var database = await SharedDatabase.CreateAsync();
        // Each node sends at most 4 at a time; a claim lasts the 5-s timeout plus 1 s.
        var options = NodeOptions(
            database,
            ("Switchboard__Webhooks__BatchSize", $"{inFlight}"),
            ("Switchboard__Webhooks__Timeout", "00:00:05"),
            ("Switchboard__Webhooks__LeaseMargin", "00:00:01"),
            ("Switchboard__Webhooks__RetryDelays__0", "00:00:00"),
            ("Switchboard__Webhooks__RetryDelays__1", "00:00:00.200"),
            ("Switchboard__Webhooks__RetryDelays__2", "00:00:00.200"),
            ("Switchboard__Webhooks__RetryDelays__3", "00:00:00.200"));
        await using var receiver = await WebhookReceiver.StartAsync();
        // The first 8 requests hang until their sender gives up: with both nodes' 4 sending slots taken by them, each
        // node holds 4 claimed deliveries in flight (neither can send a ninth before its timeout).
        receiver.AnswerNext([.. Enumerable.Repeat(WebhookReceiver.Hang, 2 * inFlight)]);
        await using var nodes = await TwoNodes.StartAsync(options, database.ApiKey);
        var (clientA, clientB) = (nodes.ClientA, nodes.ClientB);
        await clientA.CreateConsumerAsync(receiver.Url, ["company.created"]);

        await WriteCompaniesAsync([clientA, clientB], 0, before);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (receiver.All.Count < 2 * inFlight)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The nodes did not take {2 * inFlight} deliveries in flight within 30 s.");
            await Task.Delay(20);
        }

        var hung = receiver.All.Take(2 * inFlight).Select(r => r.Id).ToList();
        nodes.A.Kill();
        // The stream goes on through the survivor.
        await WriteCompaniesAsync([clientB], before, after);

        // The hung deliveries arrive again (at least once, so possibly more than once): read until every event has
        // arrived, not a fixed number of requests, which repeats could fill before the last events come.
        var received = new List<ReceivedWebhook>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (ids.Count < before + after)
        {
            var next = await receiver.NextAsync(TimeSpan.FromMilliseconds(Math.Max(1, (until - DateTime.UtcNow).TotalMilliseconds)));
            received.Add(next);
            ids.Add(next.Id);
        }

        Assert.Equal(before + after, received.Select(r => r.Id).Distinct().Count());
        Assert.Equal(before + after, received.Select(r => r.Payload["name"]!.GetValue<string>()).Distinct().Count());
        // The dead node's claims ran out and the survivor sent those deliveries (as it sent its own timed-out ones again).
        Assert.All(hung, id => Assert.Contains(id, received.Select(r => r.Id)));
        await WaitUntilSucceededAsync(database, before + after);
    }

    private static async Task WaitUntilSucceededAsync(SharedDatabase database, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await database.CountAsync("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'Succeeded'") < count)
        {
            Assert.True(DateTime.UtcNow < deadline, "Not every delivery was recorded as succeeded within 60 s.");
            await Task.Delay(50);
        }
    }

    /// <summary>Two server processes started together on one database, each with a client.</summary>
    private sealed class TwoNodes : IAsyncDisposable
    {
        private TwoNodes(ServerProcess a, ServerProcess b, string apiKey) =>
            (A, B, ClientA, ClientB) = (a, b, a.CreateClient(apiKey), b.CreateClient(apiKey));

        public ServerProcess A { get; }

        public ServerProcess B { get; }

        public HttpClient ClientA { get; }

        public HttpClient ClientB { get; }

        public static async Task<TwoNodes> StartAsync(ServerProcessOptions options, string apiKey)
        {
            var startA = ServerProcess.StartAsync(options);
            var startB = ServerProcess.StartAsync(options);
            var a = await startA;
            try
            {
                return new TwoNodes(a, await startB, apiKey);
            }
            catch
            {
                await a.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            ClientA.Dispose();
            ClientB.Dispose();
            await A.DisposeAsync();
            await B.DisposeAsync();
        }
    }

    private static ServerProcessOptions NodeOptions(SharedDatabase database, params (string Key, string Value)[] more)
    {
        var extra = new Dictionary<string, string>(database.NodeOptions.Extra)
        {
            ["Switchboard__Webhooks__AllowPrivateNetworks"] = "true",
            ["Switchboard__Webhooks__PollInterval"] = "00:00:00.100",
        };
        foreach (var (key, value) in more)
        {
            extra[key] = value;
        }

        return database.NodeOptions with { Extra = extra };
    }

    /// <summary>Creates companies <c>Company {first}</c>… with eight writers, alternating between the clients; each request waits for its answer, as a client would.</summary>
    private static async Task WriteCompaniesAsync(HttpClient[] clients, int first, int count)
    {
        var next = first - 1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < first + count)
            {
                (await clients[i % clients.Length].PostAsJsonAsync("/companies", new { name = $"Company {i}" })).EnsureSuccessStatusCode();
            }
        }));
    }
}
