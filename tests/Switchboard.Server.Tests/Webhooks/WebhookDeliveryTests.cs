using System.Net;
using System.Net.Sockets;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>
/// How deliveries go wrong and recover, against a real receiver: retries after an error status, a timeout or a
/// refused connection; 410 and long failure disable the consumer; a connection's events wait for each other;
/// the delivery log says what happened; a delivery can be retried by hand. Retries are quick here (0, 0.2 s, 0.2 s).
/// </summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private SwitchboardTestServer _server = null!;
    private WebhookReceiver _receiver = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await SwitchboardTestServer.StartAsync(Webhooks.QuickRetries(("Switchboard:Webhooks:MaxResponseBodyLength", "10")));
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
        Assert.NotNull(entry["completed"]);
    }

    [Fact]
    public async Task ATimeout_IsRetried()
    {
        var (consumerId, _) = await _server.Client.CreateConsumerAsync(_receiver.Url, ["company.created"]);
        _receiver.AnswerNext(WebhookReceiver.Hang);

        await _server.Client.CreateCompanyIdAsync();

        var delivered = await _receiver.NextAsync();
        // The first attempt hung until the 1 s timeout; a loaded machine may time out another one too.
        Assert.InRange(_receiver.All.Count, 2, 3);
        var log = await _server.Client.WaitForDeliveriesAsync(consumerId, d => d[0]!["status"]!.GetValue<string>() == "Succeeded");
        Assert.Equal(_receiver.All.Count, log[0]!["attempts"]!.GetValue<int>());
        Assert.Equal(delivered.Id, log[0]!["eventId"]!.GetValue<string>());
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
