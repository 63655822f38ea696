using Switchboard.Client.Models;
using Switchboard.Client.Operations;
using Switchboard.Client.Tests.Contract.Host;
using Switchboard.Server.Tests.Webhooks;

namespace Switchboard.Client.Tests.Contract;

/// <summary>Every Webhooks operation of the SDK against the real server, and the verifier on what a real receiver gets.</summary>
[Trait("Category", "Contract")]
public sealed class WebhooksContractTests(SharedContractServer shared) : IClassFixture<SharedContractServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateListRotateDelete_RoundTrip()
    {
        var t = await shared.NewTenantAsync();

        var created = await t.Sdk.Webhooks.CreateAsync(
            new WebhookConsumerPrototype { Url = "https://example.com/hooks", EventTypes = ["connection.connected"], CompanyTags = ["region:uk"] },
            cancellationToken: Ct);

        Assert.Equal(201, created.StatusCode);
        var consumer = created.WebhookConsumer;
        Assert.StartsWith("whsec_", consumer.Secret, StringComparison.Ordinal);
        Assert.Equal(["connection.connected"], consumer.EventTypes);
        Assert.Equal(["region:uk"], consumer.CompanyTags!);
        var listed = Assert.Single((await t.Sdk.Webhooks.ListAsync(cancellationToken: Ct)).WebhookConsumers.Results);
        Assert.Equal(consumer.Id, listed.Id);
        Assert.Null(listed.Secret);
        Assert.False(listed.Disabled);

        var rotated = (await t.Sdk.Webhooks.RotateSecretAsync(new RotateWebhookSecretRequest { WebhookId = consumer.Id }, cancellationToken: Ct)).RotatedWebhookSecret;
        Assert.StartsWith("whsec_", rotated.Secret, StringComparison.Ordinal);
        Assert.NotEqual(consumer.Secret, rotated.Secret);
        Assert.True(rotated.PreviousSecretExpiresAt > DateTimeOffset.UtcNow.AddHours(23));

        Assert.Equal(204, (await t.Sdk.Webhooks.DeleteAsync(new DeleteWebhookConsumerRequest { WebhookId = consumer.Id }, cancellationToken: Ct)).StatusCode);
        Assert.Empty((await t.Sdk.Webhooks.ListAsync(cancellationToken: Ct)).WebhookConsumers.Results);
        var gone = await Assert.ThrowsAsync<SwitchboardApiException>(() =>
            t.Sdk.Webhooks.DeleteAsync(new DeleteWebhookConsumerRequest { WebhookId = consumer.Id }, cancellationToken: Ct));
        Assert.Equal(404, gone.StatusCode);
    }

    [Fact]
    public async Task Create_WithBadInput_ThrowsTheErrorMessage()
    {
        var t = await shared.NewTenantAsync();
        var error = await Assert.ThrowsAsync<SwitchboardApiException>(() =>
            t.Sdk.Webhooks.CreateAsync(new WebhookConsumerPrototype { Url = "ftp://example.com", EventTypes = ["company.created"] }, cancellationToken: Ct));
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task ReceivedEvents_VerifyAndParse_AndTheLogShowsThem_AndARetrySendsAgain()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var t = await shared.NewTenantAsync();
        var consumer = (await t.Sdk.Webhooks.CreateAsync(
            new WebhookConsumerPrototype { Url = receiver.Url, EventTypes = ["company.created", "connection.created"] }, cancellationToken: Ct)).WebhookConsumer;
        var verifier = new WebhookVerifier(consumer.Secret!);

        var company = await t.CreateCompanyAsync("Bank of Dave", new Dictionary<string, string> { ["region"] = "uk" });
        var connection = await t.CreateConnectionAsync(company.Id);
        var received = new[] { await receiver.NextAsync(), await receiver.NextAsync() };
        var events = received.Select(r => verifier.VerifyAndParse(r.Body, r.Id, r.Timestamp, r.Signature)).ToList();

        var companyCreated = Assert.IsType<CompanyWebhookEvent>(events[0]);
        Assert.Equal("company.created", companyCreated.EventType);
        Assert.Equal(company.Id, companyCreated.Payload!.Id);
        var connectionCreated = Assert.IsType<ConnectionWebhookEvent>(events[1]);
        Assert.Equal(received[1].Id, connectionCreated.Id);
        Assert.Equal(company.Id, connectionCreated.Payload!.ReferenceCompany!.Id);
        Assert.Equal("uk", connectionCreated.Payload.ReferenceCompany.Tags!["region"]);
        Assert.Equal(connection.Id, connectionCreated.Payload.Connection!.Id);
        Assert.Equal(DataConnectionStatus.PendingAuth, connectionCreated.Payload.Connection.Status);

        var log = await WaitForSucceededAsync(t, consumer.Id, 2);
        var deliveries = log.Results;
        Assert.Equal(["company.created", "connection.created"], deliveries.Select(d => d.EventType));
        Assert.All(deliveries, d => Assert.Equal(200, d.StatusCode));
        var only = (await t.Sdk.Webhooks.ListDeliveriesAsync(
            new ListWebhookDeliveriesRequest { WebhookId = consumer.Id, Query = "eventType=connection.created" }, cancellationToken: Ct)).WebhookDeliveries;
        Assert.Equal(1, only.TotalResults);

        var retried = await t.Sdk.Webhooks.RetryDeliveryAsync(
            new RetryWebhookDeliveryRequest { WebhookId = consumer.Id, DeliveryId = deliveries[0].Id }, cancellationToken: Ct);
        Assert.Equal(202, retried.StatusCode);
        Assert.Equal("Pending", retried.WebhookDelivery.Status);
        var again = await receiver.NextAsync();
        Assert.Equal(received[0].Id, again.Id);
        verifier.Verify(again.Body, again.Id, again.Timestamp, again.Signature);
    }

    private static async Task<WebhookDeliveries> WaitForSucceededAsync(Tenant t, string consumerId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var page = (await t.Sdk.Webhooks.ListDeliveriesAsync(new ListWebhookDeliveriesRequest { WebhookId = consumerId }, cancellationToken: Ct)).WebhookDeliveries;
            if (page.Results.Count == count && page.Results.All(d => d.Status == "Succeeded"))
            {
                return page;
            }

            Assert.True(DateTime.UtcNow < deadline, "The deliveries did not all succeed within 15 s.");
            await Task.Delay(50, Ct);
        }
    }
}
