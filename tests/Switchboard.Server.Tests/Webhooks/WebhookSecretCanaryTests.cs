using System.Text;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>
/// A consumer's signing secret is shown once and then never again: not in any later answer, not in any log line at
/// any level, and in no table as text or as its key bytes (it is stored encrypted), through creation, rotation and deliveries.
/// </summary>
public sealed class WebhookSecretCanaryTests
{
    [Fact]
    public async Task Secrets_AppearInNoLaterResponseLogOrTable()
    {
        var settings = Webhooks.QuickRetries(
            ("Logging:LogLevel:Default", "Trace"), ("Logging:LogLevel:Microsoft", "Trace"), ("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Trace"));
        await using var server = await SwitchboardTestServer.StartAsync(settings);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, first) = await server.Client.CreateConsumerAsync(receiver.Url, ["company.created"]);
        var rotated = await (await server.Client.PostAsync($"/webhooks/{id}/secret/rotate", null)).ReadObjectAsync(System.Net.HttpStatusCode.OK);
        var second = rotated["secret"]!.GetValue<string>();
        await server.Client.CreateCompanyIdAsync();
        await receiver.NextAsync();
        await server.Client.WaitForDeliveriesAsync(id, d => d.Count == 1 && d[0]!["status"]!.GetValue<string>() == "Succeeded");

        var later = new[]
        {
            await (await server.Client.GetAsync("/webhooks")).Content.ReadAsStringAsync(),
            await (await server.Client.GetAsync($"/webhooks/{id}/deliveries")).Content.ReadAsStringAsync(),
        };
        foreach (var secret in new[] { first, second })
        {
            var key = secret["whsec_".Length..];
            Assert.All(later, text => Assert.DoesNotContain(key, text, StringComparison.Ordinal));
            server.Logs.AssertNotLogged(key);
            var (tables, hits) = await server.FindInEveryTableAsync(Encoding.UTF8.GetBytes(key), Convert.FromBase64String(key));
            Assert.Contains("webhook_consumers", tables);
            Assert.Empty(hits);
        }
    }
}
