using System.Net;
using System.Net.Http.Json;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>
/// The consumers API in Codat's <c>WebhookConsumer</c> shape: the secret is shown once, bad input is a 400 naming the
/// field, another tenant's consumer is a 404, and the extensions answer as documented. Each test has its own tenant.
/// </summary>
public sealed class WebhookConsumersApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly SwitchboardTestServer _server = shared.Server;

    [Fact]
    public async Task Create_Answers201WithTheSecretOnce_AndTheListNeverShowsIt()
    {
        var client = await _server.CreateTenantClientAsync();

        var response = await client.PostAsJsonAsync("/webhooks", new
        {
            url = "https://example.com/hooks/codat",
            eventTypes = new[] { "connection.connected", "connection.disconnected" },
            companyTags = new[] { "region:uk" },
        });

        var created = await response.ReadObjectAsync(HttpStatusCode.Created);
        Assert.Equal($"/webhooks/{created.Id()}", response.Headers.Location!.OriginalString);
        Assert.Equal("https://example.com/hooks/codat", created["url"]!.GetValue<string>());
        Assert.False(created["disabled"]!.GetValue<bool>());
        Assert.Equal(["connection.connected", "connection.disconnected"], created["eventTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["region:uk"], created["companyTags"]!.AsArray().Select(t => t!.GetValue<string>()));
        var secret = created["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);

        var listed = await client.GetAsync("/webhooks");
        var text = await listed.Content.ReadAsStringAsync();
        var consumer = Assert.Single((await listed.ReadObjectAsync(HttpStatusCode.OK))["results"]!.AsArray())!.AsObject();
        Assert.Equal(created.Id(), consumer.Id());
        Assert.Null(consumer["secret"]);
        Assert.DoesNotContain(secret["whsec_".Length..], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Disabled_IsListedDisabled()
    {
        var client = await _server.CreateTenantClientAsync();
        var response = await client.PostAsJsonAsync("/webhooks", new { url = "https://example.com/h", eventTypes = new[] { "company.created" }, disabled = true });
        Assert.True((await response.ReadObjectAsync(HttpStatusCode.Created))["disabled"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("""{"eventTypes":["company.created"]}""", "url")]
    [InlineData("""{"url":"not a url","eventTypes":["company.created"]}""", "url")]
    [InlineData("""{"url":"ftp://example.com/h","eventTypes":["company.created"]}""", "url")]
    [InlineData("""{"url":"https://user:pass@example.com/h","eventTypes":["company.created"]}""", "url")]
    [InlineData("""{"url":"https://example.com/h"}""", "eventTypes")]
    [InlineData("""{"url":"https://example.com/h","eventTypes":[]}""", "eventTypes")]
    [InlineData("""{"url":"https://example.com/h","eventTypes":["DataSyncCompleted"]}""", "eventTypes")]
    [InlineData("""{"url":"https://example.com/h","eventTypes":["company.created"],"companyTags":["no-colon"]}""", "companyTags")]
    [InlineData("""{"url":"https://example.com/h","eventTypes":["company.created"],"companyTags":[":value"]}""", "companyTags")]
    public async Task Create_WithBadInput_Answers400NamingTheField(string body, string field)
    {
        var client = await _server.CreateTenantClientAsync();

        var error = await (await client.SendAsync(HttpMethod.Post, "/webhooks", body)).ReadErrorAsync(HttpStatusCode.BadRequest);

        Assert.Equal(field, error["validation"]!["errors"]![0]!["itemId"]!.GetValue<string>());
        Assert.Empty((await client.GetObjectAsync("/webhooks"))["results"]!.AsArray());
    }

    [Fact]
    public async Task Create_MalformedJson_Answers400()
    {
        var client = await _server.CreateTenantClientAsync();
        await (await client.SendAsync(HttpMethod.Post, "/webhooks", """{"url":""")).ReadErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Delete_RemovesTheConsumer_ThenAnswers404()
    {
        var client = await _server.CreateTenantClientAsync();
        var (id, _) = await client.CreateConsumerAsync("https://example.com/h", ["company.created"]);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/webhooks/{id}")).StatusCode);

        Assert.Empty((await client.GetObjectAsync("/webhooks"))["results"]!.AsArray());
        await (await client.DeleteAsync($"/webhooks/{id}")).ReadErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnotherTenantsConsumer_IsNotFound_ForEveryOperation()
    {
        var owner = await _server.CreateTenantClientAsync();
        var stranger = await _server.CreateTenantClientAsync();
        var (id, _) = await owner.CreateConsumerAsync("https://example.com/h", ["company.created"]);

        Assert.Empty((await stranger.GetObjectAsync("/webhooks"))["results"]!.AsArray());
        var notFound = await (await stranger.DeleteAsync($"/webhooks/{id}")).ReadErrorAsync(HttpStatusCode.NotFound);
        var unknown = await (await stranger.DeleteAsync($"/webhooks/{Guid.NewGuid()}")).ReadErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(unknown.Error(), notFound.Error());
        await (await stranger.PostAsync($"/webhooks/{id}/secret/rotate", null)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/webhooks/{id}/deliveries")).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await stranger.PostAsync($"/webhooks/{id}/deliveries/{Guid.NewGuid()}/retry", null)).ReadErrorAsync(HttpStatusCode.NotFound);
        Assert.Single((await owner.GetObjectAsync("/webhooks"))["results"]!.AsArray());
    }

    [Fact]
    public async Task Deliveries_ArePaged_AndQueryable()
    {
        var client = await _server.CreateTenantClientAsync();
        var (id, _) = await client.CreateConsumerAsync("https://example.com/h", ["company.created", "connection.created"]);
        var companyId = await client.CreateCompanyIdAsync();
        await client.CreateConnectionAsync(companyId);
        await client.CreateConnectionAsync(companyId);

        var all = await client.GetObjectAsync($"/webhooks/{id}/deliveries");
        Assert.Equal(3, all["totalResults"]!.GetValue<int>());
        var connections = await client.GetObjectAsync($"/webhooks/{id}/deliveries?query={Uri.EscapeDataString("eventType=connection.created")}&pageSize=1");
        Assert.Equal(2, connections["totalResults"]!.GetValue<int>());
        Assert.Single(connections["results"]!.AsArray());
        Assert.NotNull(connections["_links"]!["next"]);
        var error = await (await client.GetAsync($"/webhooks/{id}/deliveries?query={Uri.EscapeDataString("nosuchfield=1")}")).ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal("query", error["validation"]!["errors"]![0]!["itemId"]!.GetValue<string>());
    }

    [Fact]
    public async Task MalformedIds_Answer400()
    {
        var client = await _server.CreateTenantClientAsync();
        await (await client.DeleteAsync("/webhooks/not-a-guid")).ReadErrorAsync(HttpStatusCode.BadRequest);
        await (await client.PostAsync($"/webhooks/{Guid.NewGuid()}/deliveries/nope/retry", null)).ReadErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Create_RepeatedWithTheSameIdempotencyKey_Answers409WithoutTheSecret_AndCreatesNothing()
    {
        var client = await _server.CreateTenantClientAsync();
        var idempotencyKey = Guid.NewGuid().ToString();
        const string body = """{"url":"https://example.com/h","eventTypes":["company.created"]}""";
        var created = await (await client.RequestAsync("POST", "/webhooks", body, (Requests.IdempotencyKey, idempotencyKey))).ReadObjectAsync(HttpStatusCode.Created);

        var repeat = await client.RequestAsync("POST", "/webhooks", body, (Requests.IdempotencyKey, idempotencyKey));

        var error = await repeat.ReadObjectAsync(HttpStatusCode.Conflict);
        Assert.Contains(created.Id(), error.Error(), StringComparison.Ordinal);
        Assert.DoesNotContain(created["secret"]!.GetValue<string>()["whsec_".Length..], await repeat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single((await client.GetObjectAsync("/webhooks"))["results"]!.AsArray());
    }

    [Fact]
    public async Task RotateSecret_RepeatedWithTheSameIdempotencyKey_Answers409WithoutTheSecret()
    {
        var client = await _server.CreateTenantClientAsync();
        var (id, _) = await client.CreateConsumerAsync("https://example.com/h", ["company.created"]);
        var idempotencyKey = Guid.NewGuid().ToString();
        var rotated = await (await client.RequestAsync("POST", $"/webhooks/{id}/secret/rotate", null, (Requests.IdempotencyKey, idempotencyKey)))
            .ReadObjectAsync(HttpStatusCode.OK);

        var repeat = await client.RequestAsync("POST", $"/webhooks/{id}/secret/rotate", null, (Requests.IdempotencyKey, idempotencyKey));

        await repeat.ReadObjectAsync(HttpStatusCode.Conflict);
        Assert.DoesNotContain(rotated["secret"]!.GetValue<string>()["whsec_".Length..], await repeat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATenantHasAtMost50Consumers()
    {
        var client = await _server.CreateTenantClientAsync();
        for (var i = 0; i < 50; i++)
        {
            await client.CreateConsumerAsync($"https://example.com/h{i}", ["company.created"]);
        }

        await (await client.PostAsJsonAsync("/webhooks", new { url = "https://example.com/h", eventTypes = new[] { "company.created" } }))
            .ReadErrorAsync(HttpStatusCode.Conflict);
    }
}
