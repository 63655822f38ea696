using Microsoft.AspNetCore.WebUtilities;
using Switchboard.Server.Configuration;
using Switchboard.Server.Integrations;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Server.Tests.OAuth;
using Xunit;

namespace Switchboard.Server.Tests.Integrations;

/// <summary>
/// The built-in OAuth 2.0 catalogue: each platform's public endpoints, default scopes, client authentication and extra
/// authorize parameters as its developer documentation gives them (a copy here, so a changed entry is a decision), and
/// what an operator who sets only a client id and secret gets: a link that sends the end user to the platform's consent
/// with everything the platform asks for.
/// </summary>
public sealed class BuiltInOAuthTests
{
    private const string XeroScopes = "offline_access accounting.invoices accounting.payments accounting.banktransactions accounting.manualjournals accounting.contacts accounting.settings";

    private static readonly Dictionary<string, Documented> ByKey = new(StringComparer.Ordinal)
    {
        ["gbol"] = new("https://login.xero.com/identity/connect/authorize", "https://identity.xero.com/connect/token", XeroScopes, ClientAuthentication.Basic, "", true),
        ["qhyg"] = new("https://appcenter.intuit.com/connect/oauth2", "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer", "com.intuit.quickbooks.accounting", ClientAuthentication.Basic, "", true),
        ["ndsk"] = new("https://appcenter.intuit.com/connect/oauth2", "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer", "com.intuit.quickbooks.accounting", ClientAuthentication.Basic, "", true),
        ["tgff"] = new("https://www.sageone.com/oauth2/auth/central?filter=apiv3.1", "https://oauth.accounting.sage.com/token", "full_access", ClientAuthentication.Post, "", true),
        ["fbrh"] = new("https://api.freeagent.com/v2/approve_app", "https://api.freeagent.com/v2/token_endpoint", "", ClientAuthentication.Basic, "", false),
        ["rwuv"] = new("https://accounts.zoho.com/oauth/v2/auth", "https://accounts.zoho.com/oauth/v2/token", "ZohoBooks.fullaccess.all", ClientAuthentication.Post, "access_type=offline&prompt=consent", false),
        ["qudb"] = new("https://start.exactonline.nl/api/oauth2/auth", "https://start.exactonline.nl/api/oauth2/token", "", ClientAuthentication.Post, "", true),
        ["pbbf"] = new("https://start.exactonline.co.uk/api/oauth2/auth", "https://start.exactonline.co.uk/api/oauth2/token", "", ClientAuthentication.Post, "", true),
    };

    public static TheoryData<string> Keys => [.. ByKey.Keys];

    [Theory]
    [MemberData(nameof(Keys))]
    public void The_Catalogue_Holds_The_Platforms_Endpoints_As_Documented(string key)
    {
        var documented = ByKey[key];
        var integration = new IntegrationCatalog(new Dictionary<string, IntegrationSettings>()).Find(key)!;
        var oauth = integration.OAuth!;

        Assert.Equal(AuthorizationScheme.OAuth2, integration.AuthorizationScheme);
        Assert.Equal(["accessToken", "refreshToken"], integration.AuthorizationKeys);
        Assert.Equal(new Uri(documented.AuthorizeUrl), oauth.AuthorizeUrl);
        Assert.Equal(new Uri(documented.TokenUrl), oauth.TokenUrl);
        Assert.Equal(documented.Scopes, string.Join(' ', oauth.Scopes));
        Assert.Equal(documented.ClientAuthentication, oauth.ClientAuthentication);
        Assert.Equal(Parameters(documented.ExtraParameters), oauth.ExtraAuthorizeParameters.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(documented.RotatesRefreshTokens, oauth.RotatesRefreshTokens);
        Assert.False(oauth.HasClient);
    }

    [Fact]
    public void The_Catalogue_Has_The_Six_Platforms_The_Issue_Names()
    {
        var catalog = new IntegrationCatalog(new Dictionary<string, IntegrationSettings>());

        var withEndpoints = catalog.All.Where(i => i.OAuth is not null).Select(i => i.Name).Order(StringComparer.Ordinal);

        // Sage Business Cloud Accounting is "Sage Accounting" in Codat's list; Exact Online has a host per country.
        Assert.Equal(
            ["Exact (Netherlands)", "Exact (UK)", "FreeAgent", "QuickBooks Online", "QuickBooks Online Sandbox", "Sage Accounting", "Xero", "Zoho Books"],
            withEndpoints);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task With_Only_A_Client_Id_And_Secret_A_Link_Sends_The_End_User_To_The_Platforms_Consent(string key)
    {
        var documented = ByKey[key];
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?>
        {
            [$"Switchboard:Integrations:{key}:OAuth:ClientId"] = "client-" + key,
            [$"Switchboard:Integrations:{key}:OAuth:ClientSecret"] = "secret-" + key,
        });
        var company = await server.Client.CreateCompanyIdAsync();
        var connection = await server.Client.CreateConnectionAsync(company, key);

        var authorize = await OAuthTestBed.BeginSignInAsync(connection["linkUrl"]!.GetValue<string>());

        var authorizeUrl = new Uri(documented.AuthorizeUrl);
        Assert.Equal(authorizeUrl.GetLeftPart(UriPartial.Path), authorize.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(authorize.Query);
        foreach (var (name, value) in QueryHelpers.ParseQuery(authorizeUrl.Query).Concat(QueryHelpers.ParseQuery(documented.ExtraParameters)))
        {
            Assert.Equal(value, query[name]);
        }

        Assert.Equal("code", query["response_type"]);
        Assert.Equal("client-" + key, query["client_id"]);
        Assert.Equal(new Uri(server.BaseAddress, "link/callback").AbsoluteUri, query["redirect_uri"]);
        Assert.Equal(documented.Scopes.Length == 0 ? null : documented.Scopes, query.TryGetValue("scope", out var scope) ? scope.ToString() : null);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"].ToString().Length);
        Assert.False(string.IsNullOrEmpty(query["state"]));
        Assert.DoesNotContain("secret-" + key, authorize.AbsoluteUri, StringComparison.Ordinal);
    }

    private static IEnumerable<KeyValuePair<string, string>> Parameters(string query) =>
        QueryHelpers.ParseQuery(query).Select(p => KeyValuePair.Create(p.Key, p.Value.ToString())).OrderBy(p => p.Key, StringComparer.Ordinal);

    /// <summary>A platform's OAuth 2.0 facts as its developer documentation gives them (sources in BuiltInOAuth.cs).</summary>
    private sealed record Documented(string AuthorizeUrl, string TokenUrl, string Scopes, ClientAuthentication ClientAuthentication, string ExtraParameters, bool RotatesRefreshTokens);
}
