using System.Net;
using Switchboard.Server.Configuration;
using Switchboard.Server.Integrations;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Integrations;

/// <summary>
/// An integration's authorization scheme decides what <c>PUT …/authorization</c> takes: an OAuth2 integration, built in
/// or defined by configuration, takes the token pair (so its <c>accessToken</c> answers with it); a sandbox nothing.
/// </summary>
public sealed class AuthorizationSchemeTests
{
    [Theory]
    [InlineData("gbol")]
    [InlineData("acme")]
    public async Task An_OAuth2_Integration_Takes_The_Token_Pair_Through_The_Api_Built_In_Or_Configured(string key)
    {
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Switchboard:Integrations:acme:Name"] = "Acme Ledger",
            ["Switchboard:Integrations:acme:SourceType"] = "Accounting",
            ["Switchboard:Integrations:acme:AuthorizationScheme"] = "OAuth2",
            ["Switchboard:Integrations:acme:OAuth:AuthorizeUrl"] = "https://login.acme.example/oauth/authorize",
            ["Switchboard:Integrations:acme:OAuth:TokenUrl"] = "https://login.acme.example/oauth/token",
        });
        var company = await server.Client.CreateCompanyIdAsync();
        var connection = (await server.Client.CreateConnectionAsync(company, key)).Id();

        var empty = await server.Client.AuthorizeAsync(company, connection, new Dictionary<string, string>());
        var error = await empty.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("accessToken", error.Error(), StringComparison.Ordinal);
        Assert.Contains("refreshToken", error.Error(), StringComparison.Ordinal);
        Assert.Equal("PendingAuth", (await server.Client.GetObjectAsync($"/companies/{company}/connections/{connection}"))["status"].Str());

        var tokens = new Dictionary<string, string> { ["accessToken"] = "imported-access", ["refreshToken"] = "imported-refresh" };
        Assert.Equal("Linked", (await (await server.Client.AuthorizeAsync(company, connection, tokens)).ReadObjectAsync(HttpStatusCode.OK))["status"].Str());
        var token = await (await server.Client.PostAsync($"/companies/{company}/connections/{connection}/accessToken", content: null)).ReadObjectAsync(HttpStatusCode.OK);
        Assert.Equal("imported-access", token["accessToken"].Str());
    }

    [Fact]
    public void QuickBooks_Online_Sandbox_Signs_In_Through_Intuits_Consent_While_Other_Sandboxes_Have_One_Button()
    {
        var catalog = new IntegrationCatalog(new Dictionary<string, IntegrationSettings>());

        var sandbox = catalog.Find("ndsk")!;

        Assert.Equal(AuthorizationScheme.OAuth2, sandbox.AuthorizationScheme);
        Assert.Equal(["accessToken", "refreshToken"], sandbox.AuthorizationKeys);
        var quickBooks = catalog.Find("qhyg")!.OAuth!;
        Assert.Equal(quickBooks.AuthorizeUrl, sandbox.OAuth!.AuthorizeUrl);
        Assert.Equal(quickBooks.TokenUrl, sandbox.OAuth.TokenUrl);
        Assert.Equal(quickBooks.Scopes, sandbox.OAuth.Scopes);
        Assert.All(["mqjo", "aiwb", "lrhd", "xcwv", "yzth", "ltes"], key =>
        {
            Assert.Equal(AuthorizationScheme.None, catalog.Find(key)!.AuthorizationScheme);
            Assert.Empty(catalog.Find(key)!.AuthorizationKeys);
        });
        Assert.Equal(["apiKey"], catalog.Find("exgd")!.AuthorizationKeys);
        Assert.Equal(AuthorizationScheme.Credentials, catalog.Find("pqsw")!.AuthorizationScheme);
    }

    [Fact]
    public void A_Scheme_Changed_By_Configuration_Brings_Its_Keys_Unless_They_Are_Configured_Too()
    {
        var catalog = new IntegrationCatalog(new Dictionary<string, IntegrationSettings>
        {
            ["mqjo"] = new() { AuthorizationScheme = "OAuth2" },
            ["gbol"] = new() { AuthorizationScheme = "None" },
            ["qhyg"] = new() { AuthorizationKeys = ["apiKey"] },
        });

        Assert.Equal(["accessToken", "refreshToken"], catalog.Find("mqjo")!.AuthorizationKeys);
        Assert.Empty(catalog.Find("gbol")!.AuthorizationKeys);
        Assert.Equal(["apiKey"], catalog.Find("qhyg")!.AuthorizationKeys);
    }
}
