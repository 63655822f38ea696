using System.Net;
using Microsoft.Playwright;
using Switchboard.Server.Connections;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Server.Tests.OAuth;
using Xunit;

namespace Switchboard.Server.Tests.Browser;

/// <summary>
/// The whole OAuth 2.0 link in a real browser (Chromium): the link page, the platform's consent page (a real
/// OpenIddict provider on loopback, configured into Switchboard by configuration only), the callback, the result page;
/// then, through the API, the connection Linked with a token the platform accepts.
/// </summary>
public sealed class OAuthBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly OAuthProviderOptions WithConsentPage = new() { ConsentPage = true };

    [Fact]
    public async Task ALinkUrl_GoesThroughThePlatformsConsent_AndComesBackConnected()
    {
        await using var bed = await OAuthTestBed.StartAsync(WithConsentPage);
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        var page = await browser.NewPageAsync();
        var policyErrors = new List<string>();
        page.Console += (_, message) => policyErrors.Add(message.Text);

        await page.GotoAsync(linkUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to Test Provider" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Connected", Level = 1, Exact = true }).WaitForAsync();

        Assert.StartsWith(new Uri(bed.Server.BaseAddress, "/link/callback").AbsoluteUri, page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("code=", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal("Linked", (await bed.GetConnectionAsync(company, connection))["status"]!.GetValue<string>());
        var token = (await bed.GetAccessTokenAsync(company, connection))["accessToken"]!.GetValue<string>();
        Assert.NotNull(await bed.Provider.SubjectOfAsync(token));
        Assert.DoesNotContain(policyErrors, e => e.Contains("Content Security Policy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheCompanyPage_OffersTheOAuthPlatformWithAClient_AndNoneWithout_AndContinuesToTheConsent()
    {
        await using var bed = await OAuthTestBed.StartAsync(WithConsentPage);
        var company = await bed.Client.CreateCompanyAsync("Harbour Coffee Ltd");
        var page = await browser.NewPageAsync();

        await page.GotoAsync(company["redirect"]!.GetValue<string>());

        // Test Provider has a client by configuration; the built-in Xero and QuickBooks have none on this server.
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Xero", Exact = true }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "QuickBooks Online", Exact = true }).CountAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Test Provider" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to Test Provider" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Connected", Level = 1, Exact = true }).WaitForAsync();

        var connection = Assert.Single((await bed.Client.GetObjectAsync($"/companies/{company.Id()}/connections"))["results"]!.AsArray())!;
        Assert.Equal((OAuthTestBed.PlatformKey, "Linked"), (connection["integrationKey"]!.GetValue<string>(), connection["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task DenyingConsent_ShowsNothingWasConnected_AndLeavesTheConnectionWaiting()
    {
        await using var bed = await OAuthTestBed.StartAsync(WithConsentPage);
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        var page = await browser.NewPageAsync();

        await page.GotoAsync(linkUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to Test Provider" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Deny" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Not connected", Level = 1, Exact = true }).WaitForAsync();
        await browser.ScreenshotAsync(page, "link-oauth-denied");

        var after = await bed.GetConnectionAsync(company, connection);
        Assert.Equal(nameof(DataConnectionStatus.PendingAuth), after["status"]!.GetValue<string>());
        Assert.Contains("403", after["dataConnectionErrors"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOAuthLink_CanBeCompletedWithTheKeyboardAlone_OnSwitchboardsPages()
    {
        await using var bed = await OAuthTestBed.StartAsync(WithConsentPage);
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(linkUrl);

        // The page's one action is the first stop of the focus order.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Continue to Test Provider", (await page.Locator(":focus").TextContentAsync())?.Trim());
        await page.Keyboard.PressAsync("Enter");
        // The consent page is the platform's own; Switchboard's part resumes at the callback.
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Connected", Level = 1, Exact = true }).WaitForAsync();

        Assert.Equal("Linked", (await bed.GetConnectionAsync(company, connection))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReplayingTheCallback_ChangesNothing_AndSaysTheSignInWasUsed()
    {
        await using var bed = await OAuthTestBed.StartAsync(WithConsentPage);
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(linkUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to Test Provider" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Connected", Level = 1, Exact = true }).WaitForAsync();
        var linked = await bed.GetConnectionAsync(company, connection);

        var replay = await page.GotoAsync(page.Url);
        await browser.ScreenshotAsync(page, "link-oauth-replayed");

        Assert.NotEqual((int)HttpStatusCode.OK, replay!.Status);
        Assert.Contains("already", await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(linked.ToJsonString(), (await bed.GetConnectionAsync(company, connection)).ToJsonString());
        Assert.Equal(1, bed.Provider.CodeExchanges);
    }
}
