using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Persistence;
using Switchboard.Server.Persistence.Sql;
using Switchboard.Server.Tenancy;
using Switchboard.Server.Webhooks;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>
/// How deliveries go wrong and recover, against a real receiver: retries after an error status, a timeout or a
/// refused connection; 410 and long failure disable the consumer; a connection's events wait for each other;
/// the delivery log says what happened; a delivery can be retried by hand. Retries are quick here (0, 0.2 s, 0.2 s).
/// </summary>
[LongRunning]
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private SwitchboardTestServer _server = null!;
    private WebhookReceiver _receiver = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await SwitchboardTestServer.StartAsync(Webhooks.QuickRetries(("Switchboard:Webhooks:MaxResponseBodyLength", "10"), ("Switchboard:Webhooks:Timeout", "00:00:03")));
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task ServerErrors_AreRetried_UntilA2xx_AndTheLogKeepsTheLastAttempt()
    {
        var (consumerId, _) = await _server.Client.CreateConsumerAsync(_receiver.Url, ["company.created"]);
        _receiver.AnswerNext(500, 503);
        _receiver.ResponseBody = "accepted, thank you very much";

        await _server.Client.CreateCompanyIdAsync();

        var delivered = await _receiver.NextAsync();
        Assert.Equal(3, _receiver.All.Count);
        Assert.Single(_receiver.All.Select(r => r.Id).Distinct());
        var log = await _server.Client.WaitForDeliveriesAsync(consumerId, d => d.Count == 1 && d[0]!["status"]!.GetValue<string>() == "Succeeded");
        var entry = log[0]!.AsObject();
        Assert.Equal(delivered.Id, entry["eventId"]!.GetValue<string>());
        Assert.Equal(3, entry["attempts"]!.GetValue<int>());
        Assert.Equal(200, entry["statusCode"]!.GetValue<int>());
        Assert.Equal("accepted, ", entry["responseBody"]!.GetValue<string>());
        Assert.Null(entry["nextAttempt"]);
        // Completed when the last attempt ended: its start plus its duration.
        var completed = entry["completed"]!.GetValue<DateTime>() - entry["lastAttempt"]!.GetValue<DateTime>();
        Assert.InRange(completed.TotalMilliseconds, entry["durationMs"]!.GetValue<long>() - 1, entry["durationMs"]!.GetValue<long>() + 1);
    }

    [Fact]
    public async Task Attempts_AreLoggedBySwitchboard_NotByTheHttpClientAtInformation()
    {
        // With the shipped settings (Information by default), HttpClientFactory's handlers would log four lines per
        // attempt (start, send, headers, end): 4,000 lines a second at 1,000 deliveries/s, saying what the delivery
        // log already says. Switchboard logs a failed attempt at Information (a success at Debug).
        var (consumerId, _) = await _server.Client.CreateConsumerAsync(_receiver.Url, ["company.created"]);
        _receiver.AnswerNext(500);

        await _server.Client.CreateCompanyIdAsync();

        var delivered = await _receiver.NextAsync();
        var log = await _server.Client.WaitForDeliveriesAsync(consumerId, d => d.Count == 1 && d[0]!["status"]!.GetValue<string>() == "Succeeded");
        // One line for each failed attempt and none for the success: the 500's, and on a loaded machine perhaps a retry
        // that ran past this server's 3-s timeout as well (a clean run met that), so counted against the delivery log.
        var lines = WorkerLines(delivered.Id);
        Assert.Equal(log[0]!["attempts"]!.GetValue<int>() - 1, lines.Count);
        Assert.All(lines, line => Assert.Contains(" failed: ", line, StringComparison.Ordinal));
        var failed = Assert.Single(lines, line => line.Contains("attempt 1 failed: ", StringComparison.Ordinal));
        // When the next attempt is, in UTC and ISO 8601 whatever the server's culture.
        Assert.Matches(@"attempt 1 failed: .*; next attempt at \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z", failed);
        Assert.DoesNotContain(_server.Logs.Lines, l => l.StartsWith("Information System.Net.Http.HttpClient", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ATimeout_IsRetried()
    {
        var (consumerId, _) = await _server.Client.CreateConsumerAsync(_receiver.Url, ["company.created"]);
        _receiver.AnswerNext(WebhookReceiver.Hang);

        await _server.Client.CreateCompanyIdAsync();

        var delivered = await _receiver.NextAsync();
        // The first attempt hung until the 3-s timeout; a loaded machine may time out another one too.
        Assert.InRange(_receiver.All.Count, 2, 3);
        var log = await _server.Client.WaitForDeliveriesAsync(consumerId, d => d[0]!["status"]!.GetValue<string>() == "Succeeded");
        // Every request the receiver got was an attempt; on a loaded machine an attempt can also time out before its
        // request reaches the receiver.
        Assert.InRange(log[0]!["attempts"]!.GetValue<int>(), _receiver.All.Count, 3);
        Assert.Equal(delivered.Id, log[0]!["eventId"]!.GetValue<string>());
        // The retry's 0.2-s delay counted from when the hung attempt ended (3 s after it began), not from its start
        // (which would send it at once): 3.2 s between the two, less the few milliseconds the first took to arrive.
        var attempts = _receiver.All.Select(r => r.Arrived).ToList();
        Assert.True(attempts[1] - attempts[0] >= TimeSpan.FromSeconds(3.15), $"The retry came {(attempts[1] - attempts[0]).TotalSeconds:0.000} s after the first attempt.");
    }

    [Fact]
    public async Task ARefusedConnection_IsRetried_ThenGivenUp_AndRetriedByHand()
    {
        // A port nothing listens on: bind one, note it, close it.
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
        }

        var (consumerId, _) = await _server.Client.CreateConsumerAsync($"http://127.0.0.1:{port}/hook", ["company.created"]);
        await _server.Client.CreateCompanyIdAsync();

        var log = await _server.Client.WaitForDeliveriesAsync(consumerId, d => d.Count == 1 && d[0]!["status"]!.GetValue<string>() == "Failed");
        var entry = log[0]!.AsObject();
        Assert.Equal(3, entry["attempts"]!.GetValue<int>());
        Assert.Null(entry["statusCode"]);
        Assert.Contains("Could not connect", entry["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("No attempts left", entry["error"]!.GetValue<string>(), StringComparison.Ordinal);
        // The server's log says so too, on the last attempt only (written just after the recording commits, so the
        // delivery log can show it first).
        var eventId = entry["eventId"]!.GetValue<string>();
        await WaitUntilAsync(() => WorkerLines(eventId).Count >= 3);
        var logged = WorkerLines(eventId);
        Assert.Equal(3, logged.Count);
        Assert.Equal(2, logged.Count(l => l.Contains("; next attempt at ", StringComparison.Ordinal)));
        Assert.Contains(logged, l => l.Contains("attempt 3 failed: ", StringComparison.Ordinal) && l.Contains("No attempts left.", StringComparison.Ordinal) && !l.Contains("next attempt", StringComparison.Ordinal));

        var retry = await _server.Client.PostAsync($"/webhooks/{consumerId}/deliveries/{entry.Id()}/retry", null);
        Assert.Equal("Pending", (await retry.ReadObjectAsync(HttpStatusCode.Accepted))["status"]!.GetValue<string>());
        log = await _server.Client.WaitForDeliveriesAsync(consumerId, d => d[0]!["attempts"]!.GetValue<int>() == 4 && d[0]!["status"]!.GetValue<string>() == "Failed");
        Assert.Single(log);
    }

    [Fact]
    public async Task Gone_DisablesTheConsumerAtOnce()
    {
        var (consumerId, _) = await _server.Client.CreateConsumerAsync(_receiver.Url, ["company.created"]);
        _receiver.AnswerNext(410);

        await _server.Client.CreateCompanyIdAsync();

        var log = await _server.Client.WaitForDeliveriesAsync(consumerId, d => d.Count == 1 && d[0]!["status"]!.GetValue<string>() == "Failed");
        Assert.Equal(410, log[0]!["statusCode"]!.GetValue<int>());
        Assert.Equal(1, log[0]!["attempts"]!.GetValue<int>());
        var consumer = Assert.Single((await _server.Client.GetObjectAsync("/webhooks"))["results"]!.AsArray())!;
        Assert.True(consumer["disabled"]!.GetValue<bool>());

        // A disabled consumer gets no more events.
        await _server.Client.CreateCompanyIdAsync();
        Assert.Single(await _server.Client.DeliveriesAsync(consumerId));
        Assert.Single(_receiver.All);
    }

    [Fact]
    public async Task AConsumerFailingLongerThanDisableAfter_IsDisabled()
    {
        await using var server = await SwitchboardTestServer.StartAsync(Webhooks.QuickRetries(("Switchboard:Webhooks:DisableAfter", "00:00:00.300")));
        var (consumerId, _) = await server.Client.CreateConsumerAsync(_receiver.Url, ["company.created"]);
        // Failing for longer than 0.3 s takes the three attempts (0, 0.2 s, 0.2 s) past it before they run out.
        _receiver.AnswerNext(500, 500, 500);

        await server.Client.CreateCompanyIdAsync();

        var log = await server.Client.WaitForDeliveriesAsync(consumerId, d => d[0]!["status"]!.GetValue<string>() == "Failed");
        Assert.Contains("The consumer is disabled", log[0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var consumer = Assert.Single((await server.Client.GetObjectAsync("/webhooks"))["results"]!.AsArray())!;
        Assert.True(consumer["disabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AConnectionsEvents_ArriveInOrder_LaterOnesWaitingWhileTheFirstIsRetried()
    {
        var client = _server.Client;
        await client.CreateConsumerAsync(_receiver.Url, ["connection.created", "connection.connected", "connection.disconnected", "connection.reconnected"]);
        var companyId = await client.CreateCompanyIdAsync();
        _receiver.AnswerNext(500, 500);
        var first = (await client.CreateConnectionAsync(companyId)).Id();
        await WaitUntilAsync(() => _receiver.All.Count >= 1);
        (await client.AuthorizeAsync(companyId, first)).EnsureSuccessStatusCode();
        (await client.UnlinkAsync(companyId, first)).EnsureSuccessStatusCode();
        (await client.AuthorizeAsync(companyId, first)).EnsureSuccessStatusCode();

        var received = await _receiver.NextAsync(4);

        Assert.Equal(["connection.created", "connection.connected", "connection.disconnected", "connection.reconnected"], received.Select(e => e.EventType));
        Assert.All(received, e => Assert.Equal(first, e.Connection["id"]!.GetValue<string>()));
        var attempts = _receiver.All.Select(e => e.EventType).ToList();
        Assert.Equal(["connection.created", "connection.created", "connection.created"], attempts.Take(3));
    }

    [Fact]
    public async Task ACompanysEvents_StoredWhileItsQueuesDrain_AllArrive_InOneOrder_AtEveryConsumer()
    {
        // Many changes of one company at once, to two consumers that answer at once: each consumer's queue for the
        // company keeps emptying and refilling, so events are stored while the queue's last delivery finishes, and on
        // PostgreSQL an event can take its sequence number before one that commits first. Every one must become its
        // queue's head in its turn (none left behind a head that was never set). On SQLite, where one writer numbers
        // and commits events in the same order, both consumers get them in the same order. On PostgreSQL two of these
        // creates (different connections) that commit at the same moment may reach the two consumers in either order:
        // a success's recording claims the next delivery it sees at once, before a create that took an earlier number
        // has stored its own. A connection's own events are always in order (its row serializes its changes).
        // The shared quick-retry settings' 10-s attempt timeout, not this class's 3 s: on a loaded machine an answer
        // slower than that is retried, and the receiver sees that event twice.
        await using var server = await SwitchboardTestServer.StartAsync(Webhooks.QuickRetries());
        var client = server.Client;
        await using var other = await WebhookReceiver.StartAsync();
        await client.CreateConsumerAsync(_receiver.Url, ["connection.created"]);
        await client.CreateConsumerAsync(other.Url, ["connection.created"]);
        var companyId = await client.CreateCompanyIdAsync();
        var created = new System.Collections.Concurrent.ConcurrentBag<string>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 300), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (_, _) =>
            created.Add((await client.CreateConnectionAsync(companyId)).Id()));

        var atFirst = (await _receiver.NextAsync(created.Count)).Select(e => e.Connection["id"]!.GetValue<string>()).ToList();
        var atOther = (await other.NextAsync(created.Count)).Select(e => e.Connection["id"]!.GetValue<string>()).ToList();
        Assert.Equal(created.Order(StringComparer.Ordinal), atFirst.Order(StringComparer.Ordinal));
        Assert.Equal(created.Order(StringComparer.Ordinal), atOther.Order(StringComparer.Ordinal));
        if (!server.Services.GetRequiredService<SqlDialect>().LocksRows)
        {
            Assert.Equal(atFirst, atOther);
        }
    }

    [Fact]
    public async Task AnEventStoredWhileItsQueuesLastDeliveryIsRecorded_BecomesTheHead_WhicheverCommitsFirst()
    {
        // The interleaving that would strand an event: it is stored (seeing its queue's one delivery still pending, so
        // not a head) while that delivery's attempt is recorded (whose promotion cannot see the uncommitted event).
        // The recording must wait for the store's commit (SQLite: the write gate; PostgreSQL: the row lock the store
        // takes), so its promotion finds the event.
        // The worker is sending the delivery (the receiver hangs); this test records its attempt instead.
        var (server, claimed, token) = await StartWithOneDeliveryInFlightAsync();
        await using var _ = server;
        var store = server.Services.GetRequiredService<WebhookStore>();
        var later = Guid.CreateVersion7();
        Task recording;
        await using (var storing = server.Services.CreateAsyncScope())
        await using (var storingWork = await storing.BeginWorkAsync())
        {
            await StoreInQueueAsync(store, storingWork, claimed, later);

            recording = Task.Run(async () =>
            {
                await using var scope = server.Services.CreateAsyncScope();
                await using var work = await scope.BeginWorkAsync();
                var outcome = new DeliveryOutcome(WebhookDeliveryStatus.Succeeded, DateTime.UtcNow, 200, 1, null, "ok", null);
                Assert.Equal(RecordResult.Recorded, await store.RecordAttemptAsync(work, claimed, token, outcome, chain: null, CancellationToken.None));
                await work.CommitAsync(CancellationToken.None);
            });
            // Time for the recording to run ahead if nothing held it back.
            await Task.WhenAny(recording, Task.Delay(TimeSpan.FromMilliseconds(500)));
            await storingWork.CommitAsync(CancellationToken.None);
        }

        await recording;

        Assert.Equal([true], await HeadsAsync(server, later));
    }

    [Fact]
    public async Task RecordingASuccess_ClaimsTheQueuesNextDelivery_ForTheSameSlot_OnlyWhenItCanGo()
    {
        // A queue with a backlog: the first delivery is being sent (the receiver hangs), two more wait behind it.
        var (server, first, token) = await StartWithOneDeliveryInFlightAsync();
        await using var _ = server;
        var store = server.Services.GetRequiredService<WebhookStore>();
        var dialect = server.Services.GetRequiredService<SqlDialect>();
        await using var db = await server.CreateDbContextAsync();
        Guid second = Guid.CreateVersion7(), third = Guid.CreateVersion7();
        await using (var scope = server.Services.CreateAsyncScope())
        await using (var work = await scope.BeginWorkAsync())
        {
            foreach (var eventId in new[] { second, third })
            {
                await StoreInQueueAsync(store, work, first, eventId);
            }

            await work.CommitAsync(CancellationToken.None);
        }

        async Task<RecordResult> RecordAsync(ClaimedDelivery delivery, string claimToken, DeliveryOutcome outcome, ChainClaim chain)
        {
            await using var scope = server.Services.CreateAsyncScope();
            await using var work = await scope.BeginWorkAsync();
            var result = await store.RecordAttemptAsync(work, delivery, claimToken, outcome, chain, CancellationToken.None);
            await work.CommitAsync(CancellationToken.None);
            return result;
        }

        async Task<(string? Token, bool Head)> StateAsync(Guid eventId) =>
            (await db.Database.SqlQueryRaw<DeliveryState>(
                "SELECT claim_token AS \"Token\", head AS \"Head\" FROM webhook_deliveries WHERE event_id = {0}", dialect.Id(eventId)).SingleAsync()) is var row
                ? (row.Token, row.Head)
                : default;

        var succeeded = new DeliveryOutcome(WebhookDeliveryStatus.Succeeded, DateTime.UtcNow, 200, 1, null, "ok", null);
        var chain = new ChainClaim("chain-one", DateTime.UtcNow, DateTime.UtcNow.AddMinutes(1));

        // The success's recording makes the second delivery the head and claims it under the chain's token; the third waits.
        Assert.Equal(RecordResult.Chained, await RecordAsync(first, token, succeeded, chain));
        Assert.Equal(("chain-one", true), await StateAsync(second));
        Assert.Equal((null, false), await StateAsync(third));
        var next = Assert.Single(await store.ReadClaimedAsync("chain-one", CancellationToken.None));
        Assert.Equal(second, next.EventId);

        // A failed attempt goes on its retry schedule and claims nothing behind it: the queue waits.
        var failed = new DeliveryOutcome(WebhookDeliveryStatus.Pending, DateTime.UtcNow, 500, 1, "The consumer answered 500.", null, DateTime.UtcNow.AddMinutes(5));
        Assert.Equal(RecordResult.Recorded, await RecordAsync(next, "chain-one", failed, new ChainClaim("chain-two", DateTime.UtcNow, DateTime.UtcNow.AddMinutes(1))));
        Assert.Equal((null, false), await StateAsync(third));

        // Claimed again and delivered, after its consumer was disabled: the next delivery becomes the head but is not claimed.
        await db.Database.ExecuteSqlRawAsync("UPDATE webhook_deliveries SET claim_token = 'by-hand', claimed_until = {0} WHERE event_id = {1}",
            dialect.Time(DateTime.UtcNow.AddMinutes(1)), dialect.Id(second));
        await db.Database.ExecuteSqlRawAsync("UPDATE webhook_consumers SET disabled = TRUE");
        Assert.Equal(RecordResult.Recorded, await RecordAsync(next, "by-hand", succeeded, new ChainClaim("chain-three", DateTime.UtcNow, DateTime.UtcNow.AddMinutes(1))));
        Assert.Equal((null, true), await StateAsync(third));
    }

    [Fact]
    public async Task AChangeStoredWhileTheRecordingOfItsQueuesDeliveryIsOpen_IsNotHeldUpByIt_AndItsEventStillGoes()
    {
        // The recording of the delivery in flight is open (its transaction holds that row) when the next change of the
        // same company stores its event. On PostgreSQL the store passes over the held row instead of waiting for the
        // recording to commit (creates used to queue behind the recorder's transactions until the pool ran dry); on
        // SQLite the write turn orders them. Either way the new delivery is its queue's head once the first is done.
        var (server, first, token) = await StartWithOneDeliveryInFlightAsync();
        await using var _ = server;
        var store = server.Services.GetRequiredService<WebhookStore>();
        var later = Guid.CreateVersion7();
        async Task StoreLaterAsync()
        {
            await using var scope = server.Services.CreateAsyncScope();
            await using var work = await scope.BeginWorkAsync();
            await StoreInQueueAsync(store, work, first, later);
            await work.CommitAsync(CancellationToken.None);
        }

        await using (var recordingScope = server.Services.CreateAsyncScope())
        await using (var recording = await recordingScope.BeginWorkAsync())
        {
            var succeeded = new DeliveryOutcome(WebhookDeliveryStatus.Succeeded, DateTime.UtcNow, 200, 1, null, "ok", null);
            Assert.Equal(RecordResult.Recorded, await store.RecordAttemptAsync(recording, first, token, succeeded, chain: null, CancellationToken.None));
            if (TestBackend.IsPostgres)
            {
                // Stored and committed while the recording is still open. The guard only keeps a regression from hanging the suite.
                await StoreLaterAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }

            await recording.CommitAsync(CancellationToken.None);
        }

        if (!TestBackend.IsPostgres)
        {
            // The recording's write turn ends with its unit: the store takes the next one.
            await StoreLaterAsync();
        }

        Assert.Equal([true], await HeadsAsync(server, later));

        await WaitUntilAsync(() => _receiver.All.Any(w => w.Id == later.ToString("D")));
    }

    private sealed record DeliveryState(string? Token, bool Head);

    /// <summary>Stores a company.created event <paramref name="eventId"/> for the consumer and company of <paramref name="queue"/>: the next delivery of that queue.</summary>
    private static Task StoreInQueueAsync(WebhookStore store, UnitOfWork work, ClaimedDelivery queue, Guid eventId) =>
        store.InsertEventAsync(
            work, new TenantId(queue.TenantId), eventId, "company.created", queue.OrderKey, "{}", DateTime.UtcNow, [queue.ConsumerId], Guid.CreateVersion7, CancellationToken.None);

    /// <summary>Whether each delivery of event <paramref name="eventId"/> is marked its queue's head.</summary>
    private static async Task<List<bool>> HeadsAsync(SwitchboardTestServer server, Guid eventId)
    {
        await using var db = await server.CreateDbContextAsync();
        return await db.Database.SqlQueryRaw<bool>(
            "SELECT head AS \"Value\" FROM webhook_deliveries WHERE event_id = {0}", server.Services.GetRequiredService<SqlDialect>().Id(eventId)).ToListAsync();
    }

    /// <summary>A server whose worker is sending one company.created delivery to a receiver that hangs (a 1-minute timeout): the delivery and its claim token.</summary>
    private async Task<(SwitchboardTestServer Server, ClaimedDelivery Delivery, string Token)> StartWithOneDeliveryInFlightAsync()
    {
        var server = await SwitchboardTestServer.StartAsync(Webhooks.QuickRetries(("Switchboard:Webhooks:Timeout", "00:01:00")));
        await server.Client.CreateConsumerAsync(_receiver.Url, ["company.created"]);
        _receiver.AnswerNext(WebhookReceiver.Hang);
        await server.Client.CreateCompanyIdAsync();
        await WaitUntilAsync(() => _receiver.All.Count > 0);
        await using var db = await server.CreateDbContextAsync();
        var token = await db.Database.SqlQueryRaw<string>("SELECT claim_token AS \"Value\" FROM webhook_deliveries").SingleAsync();
        var claimed = Assert.Single(await server.Services.GetRequiredService<WebhookStore>().ReadClaimedAsync(token, CancellationToken.None));
        return (server, claimed, token);
    }

    [Fact]
    public async Task AQueueLeftWithoutAHead_WaitsUntilPruningMarksOne_ThenItsDeliveryGoes()
    {
        var client = _server.Client;
        var (consumerId, _) = await client.CreateConsumerAsync(_receiver.Url, ["company.created"]);
        await client.CreateCompanyIdAsync();
        var first = await _receiver.NextAsync();
        await client.WaitForDeliveriesAsync(consumerId, d => d[0]!["status"]!.GetValue<string>() == "Succeeded");

        // What a lost promotion would leave behind: a pending delivery that is not marked as its queue's head.
        await using (var db = await _server.CreateDbContextAsync())
        {
            Assert.Equal(1, await db.Database.ExecuteSqlRawAsync(
                "UPDATE webhook_deliveries SET status = 'Pending', head = FALSE, next_attempt = created, completed = NULL"));
        }

        // Only heads are claimed (the poll is 0.1 s)…
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(_receiver.TryTake(out _));

        // …and the pruning's repair gives the queue its head back.
        await using (var scope = _server.Services.CreateAsyncScope())
        {
            await using var work = await scope.BeginWorkAsync();
            await scope.ServiceProvider.GetRequiredService<WebhookStore>().PruneAsync(work, DateTime.UtcNow.AddDays(-1), CancellationToken.None);
            await work.CommitAsync(CancellationToken.None);
        }

        Assert.Equal(first.Id, (await _receiver.NextAsync()).Id);
    }

    [Fact]
    public async Task RotatingTheSecret_SignsWithBothUntilTheOverlapEnds()
    {
        var (consumerId, oldSecret) = await _server.Client.CreateConsumerAsync(_receiver.Url, ["company.created"]);
        await _server.Client.CreateCompanyIdAsync();
        var before = await _receiver.NextAsync();
        Assert.Single(before.Signature.Split(' '));
        before.AssertSignedWith(oldSecret);

        var rotated = await (await _server.Client.PostAsync($"/webhooks/{consumerId}/secret/rotate", null)).ReadObjectAsync(HttpStatusCode.OK);
        var newSecret = rotated["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", newSecret, StringComparison.Ordinal);
        Assert.NotEqual(oldSecret, newSecret);
        var expires = rotated["previousSecretExpiresAt"]!.GetValue<DateTime>();
        Assert.InRange(expires - DateTime.UtcNow, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1));
        await _server.Client.CreateCompanyIdAsync();
        var after = await _receiver.NextAsync();

        Assert.Equal(2, after.Signature.Split(' ').Length);
        after.AssertSignedWith(newSecret);
        after.AssertSignedWith(oldSecret);
    }

    [Fact]
    public async Task AfterTheOverlap_OnlyTheNewSecretSigns()
    {
        await using var server = await SwitchboardTestServer.StartAsync(Webhooks.QuickRetries(("Switchboard:Webhooks:SecretOverlap", "00:00:00")));
        var (consumerId, oldSecret) = await server.Client.CreateConsumerAsync(_receiver.Url, ["company.created"]);
        var rotated = await (await server.Client.PostAsync($"/webhooks/{consumerId}/secret/rotate", null)).ReadObjectAsync(HttpStatusCode.OK);

        await server.Client.CreateCompanyIdAsync();
        var after = await _receiver.NextAsync();

        Assert.Single(after.Signature.Split(' '));
        after.AssertSignedWith(rotated["secret"]!.GetValue<string>());
        Assert.ThrowsAny<Exception>(() => after.AssertSignedWith(oldSecret));
    }

    /// <summary>What the delivery worker logged at Information about event <paramref name="eventId"/> (its failed attempts).</summary>
    private List<string> WorkerLines(string eventId) =>
        [.. _server.Logs.Lines.Where(l => l.StartsWith("Information Switchboard.Server.Webhooks", StringComparison.Ordinal) && l.Contains(eventId, StringComparison.Ordinal))];

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 15 s.");
            await Task.Delay(20);
        }
    }
}
