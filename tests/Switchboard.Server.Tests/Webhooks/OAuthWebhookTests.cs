using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Server.Tests.OAuth;
using Xunit;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>
/// The platform's consent path has its events too: a connection linked through OAuth 2.0 sends
/// <c>connection.connected</c>, and a consent the end user denied sends <c>connection.failed</c>, each with the
/// connection as it stands after the attempt.
/// </summary>
public sealed class OAuthWebhookTests
{
    [Fact]
    public async Task LinkingThroughThePlatform_SendsConnected_AndADeniedConsent_SendsFailed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await OAuthTestBed.StartAsync(settings: Webhooks.QuickRetries());
        await bed.Client.CreateConsumerAsync(receiver.Url, ["connection.connected", "connection.failed"]);
        var (company, linked, linkUrl) = await bed.CreateConnectionAsync();
        var (_, denied, deniedUrl) = await bed.CreateConnectionAsync();

        await OAuthTestBed.LinkAsync(linkUrl);
        var connected = await receiver.NextAsync();
        bed.Provider.DenyConsent = true;
        await OAuthTestBed.LinkAsync(deniedUrl);
        var failed = await receiver.NextAsync();

        Assert.Equal("connection.connected", connected.EventType);
        Assert.Equal(linked, connected.Connection["id"]!.GetValue<string>());
        Assert.Equal((await bed.GetConnectionAsync(company, linked)).ToJsonString(), connected.Connection.ToJsonString());
        Assert.Equal("connection.failed", failed.EventType);
        Assert.Equal(denied, failed.Connection["id"]!.GetValue<string>());
        Assert.Equal("PendingAuth", failed.Connection["status"]!.GetValue<string>());
        Assert.NotEmpty(failed.Connection["dataConnectionErrors"]!.AsArray());
    }

    [Fact]
    public async Task A_Link_Refused_Because_The_Company_Linked_Another_Accounting_Platform_Meanwhile_SendsFailed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var bed = await OAuthTestBed.StartAsync(settings: Webhooks.QuickRetries());
        await bed.Client.CreateConsumerAsync(receiver.Url, ["connection.connected", "connection.failed"]);
        var company = await bed.Client.CreateCompanyIdAsync();
        var first = await bed.Client.CreateConnectionAsync(company, OAuthTestBed.PlatformKey);
        var second = await bed.Client.CreateConnectionAsync(company, OAuthTestBed.PlatformKey);
        // Both sign-ins start while neither connection is linked; the first back links, the second is refused.
        var firstBack = await OAuthTestBed.ConsentAsync(await OAuthTestBed.BeginSignInAsync(first["linkUrl"]!.GetValue<string>()));
        var secondBack = await OAuthTestBed.ConsentAsync(await OAuthTestBed.BeginSignInAsync(second["linkUrl"]!.GetValue<string>()));
        await OAuthTestBed.GetPageAsync(firstBack);

        var (_, page) = await OAuthTestBed.GetPageAsync(secondBack);

        Assert.Contains("already", page, StringComparison.Ordinal);
        var connected = await receiver.NextAsync();
        var failed = await receiver.NextAsync();
        Assert.Equal(("connection.connected", first.Id()), (connected.EventType, connected.Connection["id"]!.GetValue<string>()));
        Assert.Equal(("connection.failed", second.Id()), (failed.EventType, failed.Connection["id"]!.GetValue<string>()));
        var after = await bed.GetConnectionAsync(company, second.Id());
        Assert.Equal("PendingAuth", after["status"]!.GetValue<string>());
        Assert.Equal("409", Assert.Single(after["dataConnectionErrors"]!.AsArray())!["statusCode"]!.GetValue<string>());
        Assert.Equal(after.ToJsonString(), failed.Connection.ToJsonString());
    }
}
