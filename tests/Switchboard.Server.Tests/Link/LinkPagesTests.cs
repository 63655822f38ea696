using System.Net;
using Switchboard.Server.Connections;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Link;

/// <summary>
/// The Link pages over HTTP: the headers every HTML answer carries, antiforgery on every form post, the company page,
/// and the pages' answers for an OAuth platform, a cancel and the one-accounting-platform rule.
/// </summary>
public sealed class LinkPagesTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly Dictionary<string, string> ApiKeyForm = new() { ["apiKey"] = "from-the-page" };

    private readonly SwitchboardTestServer _server = shared.Server;

    [Fact]
    public async Task EveryHtmlAnswer_ForbidsFramingInlineScriptReferrersSniffingAndCaching()
    {
        var (companyId, connection) = await CreateConnectionAsync("knfz");
        var company = await _server.Client.GetObjectAsync($"/companies/{companyId}");
        using var browser = _server.CreateBrowserClient();

        var answers = new List<HttpResponseMessage>
        {
            await browser.GetAsync(connection["linkUrl"].Str()),
            await browser.GetAsync($"/link/companies/{companyId}/connections/{connection.Id()}/start?token=forged"),
            await browser.GetAsync(company["redirect"].Str()),
            await browser.GetAsync($"/link/companies/{companyId}?token=forged"),
            await browser.PostAsync(connection["linkUrl"].Str(), new FormUrlEncodedContent(ApiKeyForm)),
            await _server.SubmitLinkAsync(connection["linkUrl"].Str(), ApiKeyForm),
        };

        foreach (var answer in answers)
        {
            Assert.StartsWith("text/html", answer.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
            AssertSecurityHeaders(answer);
        }
    }

    [Fact]
    public async Task AStartPagePost_WithoutTheAntiforgeryToken_IsRefused_AndChangesNothing()
    {
        var (_, connection) = await CreateConnectionAsync("knfz");
        var before = ConnectionRowSnapshot.From(await _server.FindConnectionRowAsync(connection.Id()));
        using var browser = _server.CreateBrowserClient();
        await browser.GetAsync(connection["linkUrl"].Str()); // has the cookie, but posts no form token

        var posted = await browser.PostAsync(connection["linkUrl"].Str(), new FormUrlEncodedContent(ApiKeyForm));

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Contains("could not be checked", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, ConnectionRowSnapshot.From(await _server.FindConnectionRowAsync(connection.Id())));
    }

    [Fact]
    public async Task AStartPagePost_WithAnotherBrowsersAntiforgeryToken_IsRefused()
    {
        var (_, connection) = await CreateConnectionAsync("knfz");
        var linkUrl = connection["linkUrl"].Str();
        using var attacker = _server.CreateBrowserClient();
        var attackersPage = await (await attacker.GetAsync(linkUrl)).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(attackersPage, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var victim = _server.CreateBrowserClient();
        await victim.GetAsync(linkUrl);

        var posted = await victim.PostAsync(linkUrl, new FormUrlEncodedContent(new Dictionary<string, string>(ApiKeyForm) { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Equal(DataConnectionStatus.PendingAuth, (await _server.FindConnectionRowAsync(connection.Id()))?.Status);
    }

    [Fact]
    public async Task TheStartPage_AsksForTheIntegrationsKeys_WithLabelsAndHelp_AndLinksTheConnection()
    {
        var (_, connection) = await CreateConnectionAsync("knfz");

        var page = await (await _server.CreateBrowserClient().GetAsync(connection["linkUrl"].Str())).Content.ReadAsStringAsync();
        var linked = await _server.SubmitLinkAsync(connection["linkUrl"].Str(), ApiKeyForm);

        Assert.Contains("<label for=\"field-0\">API key</label>", page, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"field-0-help\"", page, StringComparison.Ordinal);
        Assert.Contains("Sage Intacct", page, StringComparison.Ordinal);
        // No internal ids: the connection's id is only in the form's own address.
        Assert.DoesNotContain(connection.Id(), System.Text.RegularExpressions.Regex.Replace(page, " action=\"[^\"]*\"", ""), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        Assert.Contains("is connected", await linked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(DataConnectionStatus.Linked, (await _server.FindConnectionRowAsync(connection.Id()))?.Status);
    }

    [Fact]
    public async Task Cancelling_ShowsThatNothingWasConnected_AndChangesNothing()
    {
        var (_, connection) = await CreateConnectionAsync("knfz");

        var cancelled = await _server.SubmitLinkAsync(connection["linkUrl"].Str(), new Dictionary<string, string> { ["action"] = "cancel" });

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Contains("You cancelled", await cancelled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(DataConnectionStatus.PendingAuth, (await _server.FindConnectionRowAsync(connection.Id()))?.Status);
    }

    [Fact]
    public async Task AnOAuthPlatformsPage_WithoutAnOAuthClient_SaysItIsNotAvailable_AndChangesNothing()
    {
        var (_, connection) = await CreateConnectionAsync("gbol");

        var page = await (await _server.CreateBrowserClient().GetAsync(connection["linkUrl"].Str())).Content.ReadAsStringAsync();
        var posted = await _server.SubmitLinkAsync(connection["linkUrl"].Str(), new Dictionary<string, string> { ["accessToken"] = "typed", ["refreshToken"] = "typed" });

        // This server has no OAuth client for Xero: the page says so at once, and a post changes nothing.
        Assert.Contains("cannot be connected from this page yet", page, StringComparison.Ordinal);
        Assert.DoesNotContain("accessToken", page, StringComparison.Ordinal);
        // The refusal page has no form to post back: a post is refused, whatever it carries.
        Assert.DoesNotContain("is connected", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(DataConnectionStatus.PendingAuth, (await _server.FindConnectionRowAsync(connection.Id()))?.Status);
    }

    [Fact]
    public async Task ASecondAccountingConnectionsPage_WhileOneIsLinked_SaysToDisconnectItFirst_AndChangesNothing()
    {
        var (companyId, xero) = await CreateConnectionAsync("gbol");
        (await _server.Client.AuthorizeAsync(companyId, xero.Id())).EnsureSuccessStatusCode();
        var intacct = await _server.Client.CreateConnectionAsync(companyId, "knfz");

        var page = await _server.CreateBrowserClient().GetAsync(intacct["linkUrl"].Str());
        var posted = await _server.SubmitLinkAsync(intacct["linkUrl"].Str(), ApiKeyForm);

        foreach (var answer in new[] { page, posted })
        {
            Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
            var text = await answer.Content.ReadAsStringAsync();
            Assert.Contains("already connected to Xero", text, StringComparison.Ordinal);
            Assert.Contains("disconnected first", text, StringComparison.Ordinal);
        }

        Assert.Equal(DataConnectionStatus.PendingAuth, (await _server.FindConnectionRowAsync(intacct.Id()))?.Status);
    }

    [Fact]
    public async Task TheCompanyPage_WithoutAGenuineToken_IsNotValid()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        using var browser = _server.CreateBrowserClient();

        foreach (var url in new[] { $"/link/companies/{companyId}", $"/link/companies/{companyId}?token=forged", $"/link/companies/{Guid.NewGuid()}" })
        {
            var answer = await browser.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            Assert.Contains("not valid", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ACompanysToken_OpensNoConnectionsPage_AndAConnectionsTokenNoCompanyPage()
    {
        var company = await _server.Client.CreateCompanyAsync();
        var connection = await _server.Client.CreateConnectionAsync(company.Id(), "knfz");
        var companyToken = company["redirect"].Str().Split("token=")[1];
        var connectionToken = connection["linkUrl"].Str().Split("token=")[1];
        using var browser = _server.CreateBrowserClient();

        var connectionPage = await browser.GetAsync($"/link/companies/{company.Id()}/connections/{connection.Id()}/start?token={companyToken}");
        var companyPage = await browser.GetAsync($"/link/companies/{company.Id()}?token={connectionToken}");

        Assert.Equal(HttpStatusCode.NotFound, connectionPage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, companyPage.StatusCode);
    }

    [Fact]
    public async Task TheCompanyPage_ListsTheIntegrationsByKind_AndChoosingOneCreatesItsConnectionAndOpensItsStartPage()
    {
        var company = await _server.Client.CreateCompanyAsync("Choosy Ltd");
        using var browser = _server.CreateBrowserClient();
        var page = await (await browser.GetAsync(company["redirect"].Str())).Content.ReadAsStringAsync();
        Assert.Contains("Choosy Ltd", page, StringComparison.Ordinal);
        Assert.Contains("Accounting software", page, StringComparison.Ordinal);
        Assert.Contains("Commerce and payments", page, StringComparison.Ordinal);
        Assert.Contains("value=\"knfz\"", page, StringComparison.Ordinal);

        var chosen = await browser.PostAsync(company["redirect"].Str(), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["platformKey"] = "knfz",
            ["__RequestVerificationToken"] = AntiforgeryToken(page),
        }));

        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        var connections = await _server.Client.GetObjectAsync($"/companies/{company.Id()}/connections");
        var created = Assert.Single(connections["results"]!.AsArray())!.AsObject();
        Assert.Equal("knfz", created["integrationKey"].Str());
        Assert.Equal(created["linkUrl"].Str(), chosen.Headers.Location!.ToString());
        var start = await (await browser.GetAsync(chosen.Headers.Location)).Content.ReadAsStringAsync();
        Assert.Contains("Connect Sage Intacct", start, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCompanyPage_OffersNoOAuthPlatformWithoutAClient_AndChoosingOneAnywayCreatesNothing()
    {
        // This server has no OAuth 2.0 client for Xero (gbol): its page would be a dead end.
        var company = await _server.Client.CreateCompanyAsync("Dead ends Ltd");
        using var browser = _server.CreateBrowserClient();
        var page = await (await browser.GetAsync(company["redirect"].Str())).Content.ReadAsStringAsync();
        Assert.Contains("value=\"knfz\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"gbol\"", page, StringComparison.Ordinal);

        var chosen = await browser.PostAsync(company["redirect"].Str(), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["platformKey"] = "gbol",
            ["__RequestVerificationToken"] = AntiforgeryToken(page),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, chosen.StatusCode);
        Assert.Contains("That platform is not offered here.", await chosen.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await _server.Client.GetObjectAsync($"/companies/{company.Id()}/connections"))["results"]!.AsArray());
    }

    [Fact]
    public async Task TheCompanyPage_ShowsTheLinkedAccountingPlatform_InsteadOfOfferingAnother()
    {
        var company = await _server.Client.CreateCompanyAsync();
        var xero = (await _server.Client.CreateConnectionAsync(company.Id(), "gbol")).Id();
        (await _server.Client.AuthorizeAsync(company.Id(), xero)).EnsureSuccessStatusCode();
        var redirect = (await _server.Client.GetObjectAsync($"/companies/{company.Id()}"))["redirect"].Str();

        var page = await (await _server.CreateBrowserClient().GetAsync(redirect)).Content.ReadAsStringAsync();

        Assert.Contains("<strong>Xero</strong> is connected.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"knfz\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"aiwb\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACompanyPagePost_WithoutTheAntiforgeryToken_IsRefused_AndCreatesNothing()
    {
        var company = await _server.Client.CreateCompanyAsync();
        using var browser = _server.CreateBrowserClient();
        await browser.GetAsync(company["redirect"].Str());

        var posted = await browser.PostAsync(company["redirect"].Str(), new FormUrlEncodedContent(new Dictionary<string, string> { ["platformKey"] = "knfz" }));

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        AssertSecurityHeaders(posted);
        Assert.Equal(0, (await _server.Client.GetObjectAsync($"/companies/{company.Id()}/connections"))["totalResults"]!.GetValue<int>());
    }

    [Fact]
    public async Task TheStylesheet_IsServedFromTheServer()
    {
        var css = await _server.CreateBrowserClient().GetAsync("/link/assets/link.css");

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Contains(".card", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    internal static void AssertSecurityHeaders(HttpResponseMessage answer)
    {
        var policy = string.Join(";", answer.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", policy, StringComparison.Ordinal);
        Assert.Equal("no-referrer", Assert.Single(answer.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("nosniff", Assert.Single(answer.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("no-store", answer.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    private static string AntiforgeryToken(string page) =>
        System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);

    private async Task<(string CompanyId, System.Text.Json.Nodes.JsonObject Connection)> CreateConnectionAsync(string platformKey)
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        return (companyId, await _server.Client.CreateConnectionAsync(companyId, platformKey));
    }
}
