using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>
/// Every change that has an event delivers it to a real receiver, signed, in Codat's envelope, with the connection
/// exactly as <c>GET</c> showed it after the change; consumers get only the types and company tags they asked for.
/// </summary>
public sealed class WebhookEventTests : IAsyncLifetime
{
    private SwitchboardTestServer _server = null!;
    private WebhookReceiver _receiver = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await SwitchboardTestServer.StartAsync(Webhooks.QuickRetries());
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task EveryLifecycleTransition_DeliversItsEvent_SignedAndInOrder()
    {
        var client = _server.Client;
        var (_, secret) = await client.CreateConsumerAsync(_receiver.Url);

        var company = await client.CreateCompanyAsync("Bank of Dave");
        var companyId = company.Id();
        var created = await client.CreateConnectionAsync(companyId, "gbol");
        var id = created.Id();
        var path = $"/companies/{companyId}/connections/{id}";
        (await client.AuthorizeAsync(companyId, id)).EnsureSuccessStatusCode();
        var linked = await client.GetObjectAsync(path);
        (await client.UnlinkAsync(companyId, id)).EnsureSuccessStatusCode();
        var unlinked = await client.GetObjectAsync(path);
        (await client.AuthorizeAsync(companyId, id)).EnsureSuccessStatusCode();
        var relinked = await client.GetObjectAsync(path);
        (await client.PostAsync($"/simulate{path}/deauthorize", null)).EnsureSuccessStatusCode();
        var deauthorized = await client.GetObjectAsync(path);
        (await client.AuthorizeAsync(companyId, id)).EnsureSuccessStatusCode();
        (await client.DeleteAsync(path)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/companies/{companyId}")).StatusCode);

        var events = await _receiver.NextAsync(9);

        Assert.Equal(
            [
                "company.created", "connection.created", "connection.connected", "connection.disconnected", "connection.reconnected",
                "connection.disconnected", "connection.reconnected", "connection.deleted", "company.deleted",
            ],
            events.Select(e => e.EventType));
        Assert.All(events, e => e.AssertSignedWith(secret));
        Assert.Equal(events.Select(e => e.Json["id"]!.GetValue<string>()), events.Select(e => e.Id));
        Assert.Equal(9, events.Select(e => e.Id).Distinct().Count());

        var companyCreated = events[0].Payload;
        Assert.Equal(companyId, companyCreated["id"]!.GetValue<string>());
        Assert.Equal("Bank of Dave", companyCreated["name"]!.GetValue<string>());
        Assert.Null(companyCreated["dataConnections"]);

        var connectionCreated = events[1];
        Assert.Equal(companyId, connectionCreated.Payload["referenceCompany"]!["id"]!.GetValue<string>());
        Assert.Equal("Bank of Dave", connectionCreated.Payload["referenceCompany"]!["name"]!.GetValue<string>());
        AssertSameConnection(created, connectionCreated.Connection);
        AssertSameConnection(linked, events[2].Connection);
        AssertSameConnection(unlinked, events[3].Connection);
        AssertSameConnection(relinked, events[4].Connection);
        AssertSameConnection(deauthorized, events[5].Connection);
        Assert.Equal("Linked", events[6].Connection["status"]!.GetValue<string>());
        Assert.Equal("Linked", events[7].Connection["status"]!.GetValue<string>());
        Assert.Equal(companyId, events[8].Payload["id"]!.GetValue<string>());
        foreach (var e in events)
        {
            WireAssert.NoNulls(e.Json);
            WireAssert.TimestampsAreUtc(e.Json);
            Assert.True(DateTime.UtcNow - e.Json["generatedDate"]!.GetValue<DateTime>() < TimeSpan.FromMinutes(1));
        }
    }

    [Fact]
    public async Task Consumers_GetOnlyTheEventTypesAndCompanyTagsTheyAskedFor()
    {
        await using var other = await WebhookReceiver.StartAsync();
        var client = _server.Client;
        await client.CreateConsumerAsync(_receiver.Url, ["connection.created"]);
        await client.CreateConsumerAsync(other.Url, ["company.created", "connection.created"], ["region:uk", "team:lending"]);

        var untagged = await client.CreateCompanyIdAsync("Untagged");
        await client.CreateConnectionAsync(untagged);
        var tagged = (await (await client.PostAsJsonAsync("/companies", new { name = "Tagged", tags = new Dictionary<string, string> { ["region"] = "uk" } }))
            .ReadObjectAsync(HttpStatusCode.OK)).Id();
        var taggedConnection = (await client.CreateConnectionAsync(tagged)).Id();

        var first = await _receiver.NextAsync(2);
        Assert.All(first, e => Assert.Equal("connection.created", e.EventType));
        var second = await other.NextAsync(2);
        Assert.Equal(["company.created", "connection.created"], second.Select(e => e.EventType));
        Assert.Equal(tagged, second[0].Payload["id"]!.GetValue<string>());
        Assert.Equal(taggedConnection, second[1].Connection["id"]!.GetValue<string>());
        Assert.Equal("uk", second[1].Payload["referenceCompany"]!["tags"]!["region"]!.GetValue<string>());

        // A marker event both consumers want, sent last: anything unwanted would have arrived before it.
        await client.CreateConnectionAsync(tagged);
        Assert.Equal("connection.created", (await _receiver.NextAsync()).EventType);
        Assert.Equal("connection.created", (await other.NextAsync()).EventType);
        Assert.False(_receiver.TryTake(out _));
        Assert.False(other.TryTake(out _));
        Assert.Equal(3, _receiver.All.Count);
        Assert.Equal(3, other.All.Count);
    }

    [Fact]
    public async Task AnotherTenantsChanges_NeverReachYourConsumer()
    {
        await using var other = await WebhookReceiver.StartAsync();
        var otherTenant = await _server.CreateTenantClientAsync();
        await _server.Client.CreateConsumerAsync(_receiver.Url, ["company.created"]);
        await otherTenant.CreateConsumerAsync(other.Url, ["company.created"]);

        var theirs = await otherTenant.CreateCompanyIdAsync("Theirs");
        var mine = await _server.Client.CreateCompanyIdAsync("Mine");

        Assert.Equal(theirs, (await other.NextAsync()).Payload["id"]!.GetValue<string>());
        Assert.Equal(mine, (await _receiver.NextAsync()).Payload["id"]!.GetValue<string>());
        await otherTenant.CreateCompanyIdAsync("Theirs again");
        await _server.Client.CreateCompanyIdAsync("Mine again");
        Assert.Equal("Mine again", (await _receiver.NextAsync()).Payload["name"]!.GetValue<string>());
        Assert.Equal("Theirs again", (await other.NextAsync()).Payload["name"]!.GetValue<string>());
        Assert.All(_receiver.All, e => Assert.StartsWith("Mine", e.Payload["name"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task AChangeThatFails_LeavesNoEvent()
    {
        var client = _server.Client;
        var (consumerId, _) = await client.CreateConsumerAsync(_receiver.Url, ["connection.disconnected", "connection.created"]);
        var companyId = await client.CreateCompanyIdAsync();
        var id = (await client.CreateConnectionAsync(companyId)).Id();
        (await client.AuthorizeAsync(companyId, id)).EnsureSuccessStatusCode();
        Assert.Equal("connection.created", (await _receiver.NextAsync()).EventType);

        // If-Match of a version the connection no longer has: the unlink is refused, and so is its event.
        using var stale = new HttpRequestMessage(HttpMethod.Patch, $"/companies/{companyId}/connections/{id}") { Content = Api.Json("""{"status":"Unlinked"}""") };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(stale)).StatusCode);
        (await client.UnlinkAsync(companyId, id)).EnsureSuccessStatusCode();

        var disconnected = await _receiver.NextAsync();
        Assert.Equal("connection.disconnected", disconnected.EventType);
        var log = await client.DeliveriesAsync(consumerId);
        Assert.Equal(["connection.created", "connection.disconnected"], log.Select(d => d!["eventType"]!.GetValue<string>()));
    }

    [Fact]
    public async Task DeletingACompany_SendsConnectionDeletedForEachOfItsConnections_ThenCompanyDeleted()
    {
        await using var connectionsOnly = await WebhookReceiver.StartAsync();
        var client = _server.Client;
        var (_, secret) = await client.CreateConsumerAsync(_receiver.Url, ["connection.deleted", "company.deleted"]);
        await client.CreateConsumerAsync(connectionsOnly.Url, ["connection.deleted"], ["region:uk"]);
        var companyId = (await (await client.PostAsJsonAsync("/companies", new { name = "Bank of Dave", tags = new Dictionary<string, string> { ["region"] = "uk" } }))
            .ReadObjectAsync(HttpStatusCode.OK)).Id();
        var pending = (await client.CreateConnectionAsync(companyId)).Id();
        var linked = (await client.CreateConnectionAsync(companyId)).Id();
        (await client.AuthorizeAsync(companyId, linked)).EnsureSuccessStatusCode();
        var shown = new[]
        {
            await client.GetObjectAsync($"/companies/{companyId}/connections/{pending}"),
            await client.GetObjectAsync($"/companies/{companyId}/connections/{linked}"),
        };

        // A delete refused by If-Match deletes nothing and sends nothing.
        using var stale = new HttpRequestMessage(HttpMethod.Delete, $"/companies/{companyId}") { Headers = { { "If-Match", "\"99\"" } } };
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(stale)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/companies/{companyId}")).StatusCode);

        var events = await _receiver.NextAsync(3);
        Assert.Equal(["connection.deleted", "connection.deleted", "company.deleted"], events.Select(e => e.EventType));
        Assert.All(events, e => e.AssertSignedWith(secret));
        for (var i = 0; i < 2; i++)
        {
            AssertSameConnection(shown[i], events[i].Connection);
            var company = events[i].Payload["referenceCompany"]!;
            Assert.Equal(companyId, company["id"]!.GetValue<string>());
            Assert.Equal("Bank of Dave", company["name"]!.GetValue<string>());
            Assert.Equal("uk", company["tags"]!["region"]!.GetValue<string>());
            WireAssert.NoNulls(events[i].Json);
        }

        Assert.Equal(companyId, events[2].Payload["id"]!.GetValue<string>());
        var onlyConnections = await connectionsOnly.NextAsync(2);
        Assert.Equal([pending, linked], onlyConnections.Select(e => e.Connection["id"]!.GetValue<string>()));
        Assert.False(_receiver.TryTake(out _));
    }

    private static void AssertSameConnection(JsonObject expected, JsonObject actual)
    {
        // The link token is issued afresh for each answer; everything else is the connection as GET showed it.
        static JsonObject WithoutToken(JsonObject connection)
        {
            var copy = connection.DeepClone().AsObject();
            copy["linkUrl"] = copy["linkUrl"]!.GetValue<string>().Split("?token=")[0];
            return copy;
        }

        Assert.Equal(WithoutToken(expected).ToJsonString(), WithoutToken(actual).ToJsonString());
    }
}
