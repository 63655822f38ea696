using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using Switchboard.Server.Connections;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Server.Tests.Link;
using Xunit;

namespace Switchboard.Server.Tests.Browser;

/// <summary>
/// The Link pages in a real browser (Chromium, headless): an end user completes each flow by clicking or by keyboard
/// alone, the policy the pages send lets their stylesheet, logos, forms and redirects work and nothing else, and a
/// cross-site form post changes nothing. Each page is photographed for the README.
/// </summary>
public sealed class LinkBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private readonly SwitchboardTestServer _server = browser.Server;

    [Fact]
    public async Task ALinkUrl_OpensTheCredentialsForm_AndConnectingLinksTheConnection()
    {
        var (companyId, connection) = await CreateConnectionAsync("knfz");
        var page = await browser.NewPageAsync();
        var policyErrors = WatchPolicyErrors(page);

        await page.GotoAsync(connection["linkUrl"].Str());
        await ScreenshotAsync(page, "link-start-credentials");
        await page.GetByLabel("API key").FillAsync("sk-from-the-browser");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect Sage Intacct" }).ClickAsync();
        await HeadingAsync(page, "Connected");
        await ScreenshotAsync(page, "link-result-connected");

        Assert.Equal("Linked", (await _server.Client.GetObjectAsync($"/companies/{companyId}/connections/{connection.Id()}"))["status"].Str());
        Assert.Empty(policyErrors);
    }

    [Fact]
    public async Task ASandbox_ConnectsWithOneButton()
    {
        var (companyId, connection) = await CreateConnectionAsync("mqjo");
        var page = await browser.NewPageAsync();

        await page.GotoAsync(connection["linkUrl"].Str());
        await ScreenshotAsync(page, "link-start-none");
        Assert.Equal(0, await page.Locator("input:not([type=hidden])").CountAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect Sandbox" }).ClickAsync();
        await HeadingAsync(page, "Connected");

        Assert.Equal("Linked", (await _server.Client.GetObjectAsync($"/companies/{companyId}/connections/{connection.Id()}"))["status"].Str());
    }

    [Fact]
    public async Task TheCompanyPage_ChoosingAnIntegration_ContinuesIntoItsStartPage_AndThenShowsItConnected()
    {
        var company = await _server.Client.CreateCompanyAsync("Harbour Coffee Ltd");
        var page = await browser.NewPageAsync();

        await page.GotoAsync(company["redirect"].Str());
        await HeadingAsync(page, "Connect your accounts");
        await ScreenshotAsync(page, "link-company");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sage Intacct" }).ClickAsync();
        await HeadingAsync(page, "Connect Sage Intacct");
        await page.GetByLabel("API key").FillAsync("sk-chosen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect Sage Intacct" }).ClickAsync();
        await HeadingAsync(page, "Connected");

        var connection = Assert.Single((await _server.Client.GetObjectAsync($"/companies/{company.Id()}/connections"))["results"]!.AsArray())!;
        Assert.Equal(("knfz", "Linked"), (connection["integrationKey"].Str(), connection["status"].Str()));
        await page.GotoAsync(company["redirect"].Str());
        Assert.True(await page.GetByText("Sage Intacct is connected.").IsVisibleAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Xero" }).CountAsync());
        await ScreenshotAsync(page, "link-company-linked");
    }

    [Fact]
    public async Task AnExpiredLink_SaysItIsNotValid()
    {
        var (companyId, connection) = await CreateConnectionAsync("knfz");
        await _server.SetConnectionModifiedAsync(connection.Id(), DateTime.UtcNow.AddDays(-8));
        var stale = (await _server.Client.GetObjectAsync($"/companies/{companyId}/connections/{connection.Id()}"))["linkUrl"].Str();
        var page = await browser.NewPageAsync();

        var answer = await page.GotoAsync(stale);

        Assert.Equal((int)HttpStatusCode.NotFound, answer!.Status);
        await HeadingAsync(page, "Link not valid");
        Assert.Equal(0, await page.Locator("form").CountAsync());
        await ScreenshotAsync(page, "link-refused-not-valid");
    }

    [Fact]
    public async Task AForgedToken_SaysTheLinkIsNotValid_AndChangesNothing()
    {
        var (_, connection) = await CreateConnectionAsync("knfz");
        var linkUrl = connection["linkUrl"].Str();
        var at = linkUrl.IndexOf("token=", StringComparison.Ordinal) + 6;
        var token = WebEncoders.Base64UrlDecode(linkUrl[at..]);
        token[20] ^= 0x01; // the company id it names
        var page = await browser.NewPageAsync();

        await page.GotoAsync(linkUrl[..at] + WebEncoders.Base64UrlEncode(token));

        await HeadingAsync(page, "Link not valid");
        Assert.Equal(DataConnectionStatus.PendingAuth, (await _server.FindConnectionRowAsync(connection.Id()))?.Status);
    }

    [Fact]
    public async Task ALinkedConnectionsLink_SaysItIsAlreadyConnected_AndOffersNothingToChange()
    {
        var (companyId, connection) = await CreateConnectionAsync("knfz");
        (await _server.Client.AuthorizeAsync(companyId, connection.Id(), new Dictionary<string, string> { ["apiKey"] = "tenant's" })).EnsureSuccessStatusCode();
        var linked = ConnectionRowSnapshot.From(await _server.FindConnectionRowAsync(connection.Id()));
        var page = await browser.NewPageAsync();

        await page.GotoAsync(connection["linkUrl"].Str());

        await HeadingAsync(page, "Already connected");
        Assert.Equal(0, await page.Locator("form").CountAsync());
        Assert.Equal(linked, ConnectionRowSnapshot.From(await _server.FindConnectionRowAsync(connection.Id())));
        await ScreenshotAsync(page, "link-refused-already-connected");
    }

    [Fact]
    public async Task ASecondAccountingPlatformsLink_SaysTheLinkedOneMustBeDisconnectedFirst()
    {
        var (companyId, xero) = await CreateConnectionAsync("gbol");
        (await _server.Client.AuthorizeAsync(companyId, xero.Id())).EnsureSuccessStatusCode();
        var intacct = await _server.Client.CreateConnectionAsync(companyId, "knfz");
        var page = await browser.NewPageAsync();

        await page.GotoAsync(intacct["linkUrl"].Str());

        await HeadingAsync(page, "Already connected to Xero");
        await ScreenshotAsync(page, "link-refused-one-accounting");
    }

    [Fact]
    public async Task AnOAuthPlatformsPage_OffersToContinueAtThePlatform()
    {
        var (_, connection) = await CreateConnectionAsync("gbol");
        var page = await browser.NewPageAsync();

        await page.GotoAsync(connection["linkUrl"].Str());

        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Continue to Xero" }).IsVisibleAsync());
        await ScreenshotAsync(page, "link-start-oauth");
    }

    [Fact]
    public async Task TheCredentialsForm_CanBeCompletedWithTheKeyboardAlone()
    {
        var (companyId, connection) = await CreateConnectionAsync("knfz");
        var page = await browser.NewPageAsync();
        await page.GotoAsync(connection["linkUrl"].Str());

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("apiKey", await page.Locator(":focus").GetAttributeAsync("name"));
        await page.Keyboard.TypeAsync("sk-typed");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Connect Sage Intacct", (await page.Locator(":focus").TextContentAsync())?.Trim());
        await page.Keyboard.PressAsync("Enter");
        await HeadingAsync(page, "Connected");

        Assert.Equal("Linked", (await _server.Client.GetObjectAsync($"/companies/{companyId}/connections/{connection.Id()}"))["status"].Str());
    }

    [Fact]
    public async Task AfterLinking_TheBrowserGoesToTheTenantsRedirectUrl_WithThePlaceholdersFilled()
    {
        var tenant = await _server.NewTenantAsync("Redirecting tenant");
        (await tenant.Client.SendAsync(HttpMethod.Put, "/profile",
            """{"name":"Redirecting tenant","redirectUrl":"https://app.example/done?company={companyId}&platform={platformName}&code={statusCode}&journey={journeyType}"}""")).EnsureSuccessStatusCode();
        var companyId = await tenant.Client.CreateCompanyIdAsync();
        var connection = await tenant.Client.CreateConnectionAsync(companyId, "knfz");
        var page = await browser.NewPageAsync();
        // The tenant's app, played by the browser itself: its address never leaves the machine.
        await page.RouteAsync("https://app.example/**", route => route.FulfillAsync(new() { Status = 200, ContentType = "text/html", Body = "<h1>Back in the app</h1>" }));

        await page.GotoAsync(connection["linkUrl"].Str() + "&journeyType=first%20run");
        await page.GetByLabel("API key").FillAsync("sk-redirected");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect Sage Intacct" }).ClickAsync();
        await page.WaitForURLAsync("https://app.example/**");

        Assert.Equal($"https://app.example/done?company={companyId}&platform=Sage%20Intacct&code=200&journey=first%20run", page.Url);
        Assert.Equal(DataConnectionStatus.Linked, (await _server.FindConnectionRowAsync(connection.Id()))?.Status);
    }

    [Fact]
    public async Task EveryHtmlAnswer_TheBrowserGets_CarriesTheSecurityHeaders()
    {
        var (_, connection) = await CreateConnectionAsync("knfz");
        var company = await _server.Client.CreateCompanyAsync();
        var page = await browser.NewPageAsync();
        var answers = new List<IResponse>();
        page.Response += (_, response) => answers.Add(response);

        await page.GotoAsync(company["redirect"].Str());
        await page.GotoAsync(connection["linkUrl"].Str());
        await page.GetByLabel("API key").FillAsync("sk-headers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect Sage Intacct" }).ClickAsync();
        await HeadingAsync(page, "Connected");
        await page.GotoAsync(connection["linkUrl"].Str());
        await HeadingAsync(page, "Already connected");

        var html = answers.Where(a => a.Headers.TryGetValue("content-type", out var type) && type.StartsWith("text/html", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, html.Count);
        foreach (var answer in html)
        {
            var headers = answer.Headers;
            Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"], StringComparison.Ordinal);
            Assert.Contains("form-action 'self'", headers["content-security-policy"], StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", headers["content-security-policy"], StringComparison.Ordinal);
            Assert.Equal("no-referrer", headers["referrer-policy"]);
            Assert.Equal("nosniff", headers["x-content-type-options"]);
            Assert.Contains("no-store", headers["cache-control"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AFormPostedFromAnotherSite_IsRefused_AndChangesNothing()
    {
        var (_, connection) = await CreateConnectionAsync("knfz");
        var page = await browser.NewPageAsync();
        // The victim opened the link before (so has the antiforgery cookie); then a page elsewhere posts to it.
        await page.GotoAsync(connection["linkUrl"].Str());
        await page.GotoAsync("about:blank");
        await page.SetContentAsync($"""<form method="post" action="{WebUtility.HtmlEncode(connection["linkUrl"].Str())}"><input name="apiKey" value="attacker"><button>Win a prize</button></form>""");

        await page.GetByRole(AriaRole.Button, new() { Name = "Win a prize" }).ClickAsync();

        await HeadingAsync(page, "Please try again");
        await ScreenshotAsync(page, "link-refused-csrf");
        Assert.Equal(DataConnectionStatus.PendingAuth, (await _server.FindConnectionRowAsync(connection.Id()))?.Status);
    }

    [Fact]
    public async Task AnOAuthPlatformWithoutAClient_SaysItIsNotAvailableYet_AndChangesNothing()
    {
        // QuickBooks Online is built in, but this server has no client for it (only Xero's is configured).
        var (_, connection) = await CreateConnectionAsync("qhyg");
        var page = await browser.NewPageAsync();

        var response = await page.GotoAsync(connection["linkUrl"].Str());

        await HeadingAsync(page, "Not available yet");
        await ScreenshotAsync(page, "link-refused-not-available");
        Assert.Equal((int)HttpStatusCode.NotImplemented, response!.Status);
        Assert.Equal(0, await page.GetByRole(AriaRole.Button).CountAsync());
        Assert.Equal(DataConnectionStatus.PendingAuth, (await _server.FindConnectionRowAsync(connection.Id()))?.Status);
    }

    [Fact]
    public async Task ALinkThatConnected_IsSpent_AfterTheTenantDisconnectsTheConnection()
    {
        var (companyId, connection) = await CreateConnectionAsync("mqjo");
        var page = await browser.NewPageAsync();
        await page.GotoAsync(connection["linkUrl"].Str());
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect Sandbox" }).ClickAsync();
        await HeadingAsync(page, "Connected");
        (await _server.Client.SendAsync(HttpMethod.Patch, $"/companies/{companyId}/connections/{connection.Id()}", """{"status":"Unlinked"}""")).EnsureSuccessStatusCode();

        var response = await page.GotoAsync(connection["linkUrl"].Str());

        await HeadingAsync(page, "Link already used");
        await ScreenshotAsync(page, "link-refused-used");
        Assert.Equal((int)HttpStatusCode.Gone, response!.Status);
        Assert.Equal(0, await page.GetByRole(AriaRole.Button).CountAsync());
        Assert.Equal(DataConnectionStatus.Unlinked, (await _server.FindConnectionRowAsync(connection.Id()))?.Status);
    }

    [Fact]
    public async Task Cancelling_ShowsThatNothingWasConnected()
    {
        var (_, connection) = await CreateConnectionAsync("knfz");
        var page = await browser.NewPageAsync();

        await page.GotoAsync(connection["linkUrl"].Str());
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await HeadingAsync(page, "Not connected");
        await ScreenshotAsync(page, "link-result-cancelled");
        Assert.Equal(DataConnectionStatus.PendingAuth, (await _server.FindConnectionRowAsync(connection.Id()))?.Status);
    }

    private static Task HeadingAsync(IPage page, string text) =>
        page.GetByRole(AriaRole.Heading, new() { Name = text, Level = 1, Exact = true }).WaitForAsync();

    /// <summary>Console errors the page's Content-Security-Policy caused (a blocked stylesheet, image or form).</summary>
    private static List<string> WatchPolicyErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        return errors;
    }

    private Task ScreenshotAsync(IPage page, string name) => browser.ScreenshotAsync(page, name);

    private async Task<(string CompanyId, System.Text.Json.Nodes.JsonObject Connection)> CreateConnectionAsync(string platformKey)
    {
        var companyId = await _server.Client.CreateCompanyIdAsync("Harbour Coffee Ltd");
        return (companyId, await _server.Client.CreateConnectionAsync(companyId, platformKey));
    }
}
