using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>Steps the webhook tests repeat: settings for quick retries, creating a consumer, verifying a signature.</summary>
public static class Webhooks
{
    /// <summary>
    /// Quick retries (0, 0.2 s, 0.2 s, then give up) and a short poll, so tests wait little. The attempt timeout stays
    /// 10 s: on a loaded machine a 1-s timeout made spurious retries, and the receiver got events twice (at least once is
    /// allowed, but tests that count events would fail). Tests of the timeout set their own.
    /// </summary>
    public static Dictionary<string, string?> QuickRetries(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Switchboard:Webhooks:RetryDelays:0"] = "00:00:00",
            ["Switchboard:Webhooks:RetryDelays:1"] = "00:00:00.200",
            ["Switchboard:Webhooks:RetryDelays:2"] = "00:00:00.200",
            ["Switchboard:Webhooks:Timeout"] = "00:00:10",
            ["Switchboard:Webhooks:PollInterval"] = "00:00:00.100",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Creates a consumer; returns its id and its secret.</summary>
    public static async Task<(string Id, string Secret)> CreateConsumerAsync(
        this HttpClient client, string url, string[]? eventTypes = null, string[]? companyTags = null)
    {
        var response = await client.PostAsJsonAsync("/webhooks", new
        {
            url,
            eventTypes = eventTypes ?? AllEventTypes,
            companyTags,
        });
        var body = await response.ReadObjectAsync(HttpStatusCode.Created);
        return (body.Id(), body["secret"]!.GetValue<string>());
    }

    public static readonly string[] AllEventTypes =
    [
        "company.created", "company.deleted", "connection.created", "connection.connected", "connection.reconnected",
        "connection.disconnected", "connection.failed", "connection.deleted",
    ];

    /// <summary>
    /// Asserts the StandardWebhooks package accepts one of the webhook's signatures with <paramref name="secret"/>.
    /// Each signature of the list is given to it alone: its 1.1.2 checks only the first of a space-separated list
    /// (its loop ends before the last one).
    /// </summary>
    public static void AssertSignedWith(this ReceivedWebhook webhook, string secret)
    {
        var failures = new List<string>();
        foreach (var signature in webhook.Signature.Split(' '))
        {
            var headers = new HeaderDictionary
            {
                ["webhook-id"] = webhook.Id,
                ["webhook-timestamp"] = webhook.Timestamp,
                ["webhook-signature"] = signature,
            };
            try
            {
                new StandardWebhook(secret).Verify(webhook.Body, headers);
                return;
            }
            catch (StandardWebhooks.Diagnostics.WebhookVerificationException exception)
            {
                failures.Add(exception.Message);
            }
        }

        Assert.Fail("No signature verifies with this secret: " + string.Join("; ", failures));
    }

    /// <summary>The consumer's delivery log (first page, oldest first).</summary>
    public static async Task<JsonArray> DeliveriesAsync(this HttpClient client, string consumerId, string? query = null)
    {
        var path = $"/webhooks/{consumerId}/deliveries" + (query is null ? "" : "?query=" + Uri.EscapeDataString(query));
        return (await client.GetObjectAsync(path))["results"]!.AsArray();
    }

    /// <summary>Polls the delivery log until <paramref name="done"/> holds for it (deadline 15 s).</summary>
    public static async Task<JsonArray> WaitForDeliveriesAsync(this HttpClient client, string consumerId, Func<JsonArray, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var deliveries = await client.DeliveriesAsync(consumerId);
            if (done(deliveries))
            {
                return deliveries;
            }

            Assert.True(DateTime.UtcNow < deadline, "The delivery log did not reach the expected state in 15 s: " + deliveries.ToJsonString());
            await Task.Delay(50);
        }
    }
}
