using System.Net;
using Switchboard.Server.Connections;
using Switchboard.Server.Link;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Link;

/// <summary>
/// After a link, the end user goes to the tenant's redirect URL (its profile's, else the server's) with Codat's reserved
/// placeholders and the link URL's own query parameters filled in, each URL-encoded; with none set, the result page.
/// </summary>
public sealed class LinkRedirectTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string EveryPlaceholder =
        "https://app.example/linked/{companyId}?client={clientId}&connection={connectionId}&integration={integrationId}&source={sourceId}" +
        "&platform={platform}&name={platformName}&type={sourceType}&code={statusCode}&text={statusText}&error={errorMessage}&journey={journeyType}&missing={notGiven}";

    private readonly SwitchboardTestServer _server = shared.Server;

    [Fact]
    public async Task ALinkedConnection_RedirectsToTheProfilesUrl_WithEveryPlaceholderFilledAndEncoded()
    {
        var tenant = await _server.NewTenantAsync();
        (await tenant.Client.SendAsync(HttpMethod.Put, "/profile", $$"""{"name":"Bob's Burgers","redirectUrl":"{{EveryPlaceholder}}"}""")).EnsureSuccessStatusCode();
        var companyId = await tenant.Client.CreateCompanyIdAsync();
        var connection = await tenant.Client.CreateConnectionAsync(companyId, "knfz");

        var answer = await _server.SubmitLinkAsync(connection["linkUrl"].Str() + "&journeyType=demo%20%26%20more", new Dictionary<string, string> { ["apiKey"] = "k" });

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal(
            $"https://app.example/linked/{companyId}?client={tenant.Id}&connection={connection.Id()}&integration={connection["integrationId"].Str()}" +
            $"&source={connection["sourceId"].Str()}&platform=knfz&name=Sage%20Intacct&type=Accounting&code=200&text=Linked&error=&journey=demo%20%26%20more&missing=",
            answer.Headers.Location!.OriginalString);
        Assert.Equal(DataConnectionStatus.Linked, (await _server.FindConnectionRowAsync(connection.Id()))?.Status);
    }

    [Fact]
    public async Task TheStartPagesPolicy_LetsItsFormLeadToTheRedirectUrlsOrigin()
    {
        var tenant = await _server.NewTenantAsync();
        (await tenant.Client.SendAsync(HttpMethod.Put, "/profile", """{"name":"Bob's Burgers","redirectUrl":"https://app.example:8443/done/{statusCode}"}""")).EnsureSuccessStatusCode();
        var connection = await tenant.Client.CreateConnectionAsync(await tenant.Client.CreateCompanyIdAsync(), "knfz");

        var page = await _server.CreateBrowserClient().GetAsync(connection["linkUrl"].Str());

        Assert.EndsWith("form-action 'self' https://app.example:8443", string.Join(";", page.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACancelledLink_RedirectsWithStatus403AndCodatsMessage()
    {
        var tenant = await _server.NewTenantAsync();
        (await tenant.Client.SendAsync(HttpMethod.Put, "/profile", """{"name":"Bob's Burgers","redirectUrl":"https://app.example/done?code={statusCode}&error={errorMessage}&text={statusText}"}""")).EnsureSuccessStatusCode();
        var connection = await tenant.Client.CreateConnectionAsync(await tenant.Client.CreateCompanyIdAsync(), "knfz");

        var answer = await _server.SubmitLinkAsync(connection["linkUrl"].Str(), new Dictionary<string, string> { ["action"] = "cancel" });

        Assert.Equal("https://app.example/done?code=403&error=User%20cancelled.&text=User%20cancelled", answer.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData(nameof(LinkResult.Linked), "200|Linked|")]
    [InlineData(nameof(LinkResult.NothingToDo), "201|Nothing to do|")]
    [InlineData(nameof(LinkResult.Cancelled), "403|User cancelled|User cancelled.")]
    [InlineData(nameof(LinkResult.Failed), "500|Error|Unknown error occurred.")]
    [InlineData(nameof(LinkResult.NotSupported), "501|Not supported|Not supported.")]
    public void EachResult_FillsCodatsStatusPlaceholders(string result, string expected)
    {
        var connection = new ConnectionEntity { IntegrationKey = "knfz", PlatformName = "Sage Intacct" };

        var filled = LinkFinish.Fill("{statusCode}|{statusText}|{errorMessage}", new LinkOutcome(Enum.Parse<LinkResult>(result), null, "ignored"), connection, new Dictionary<string, string>());

        Assert.Equal(expected, Uri.UnescapeDataString(filled));
    }

    [Fact]
    public void ACustomValue_CannotAddParametersOrChangeTheTarget()
    {
        var connection = new ConnectionEntity { IntegrationKey = "knfz", PlatformName = "Sage Intacct" };

        var filled = LinkFinish.Fill("https://app.example/{page}?x={x}", new LinkOutcome(LinkResult.Linked, null, null), connection,
            new Dictionary<string, string> { ["page"] = "../evil.example/", ["x"] = "1&admin=true#frag" });

        Assert.Equal("https://app.example/..%2Fevil.example%2F?x=1%26admin%3Dtrue%23frag", filled);
    }
}
