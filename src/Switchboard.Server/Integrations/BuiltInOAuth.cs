namespace Switchboard.Server.Integrations;

/// <summary>
/// The public OAuth 2.0 endpoints of the platforms in the built-in catalogue, from each platform's developer
/// documentation (the source of each entry is beside it). Operators supply the client; they can override any of these
/// by configuration (<c>Switchboard:Integrations:{key}:OAuth</c>).
/// </summary>
internal static class BuiltInOAuth
{
    private static readonly Dictionary<string, string> NoParameters = new(StringComparer.Ordinal);

    public static readonly IReadOnlyDictionary<string, OAuthDefinition> ByKey = new Dictionary<string, OAuthDefinition>(StringComparer.Ordinal)
    {
        // Xero: https://developer.xero.com/documentation/guides/oauth2/auth-flow (client_secret_basic; every refresh
        // returns a new refresh token and the old one stops working after a 30-minute grace period). The organisations
        // the user shared (tenant ids, needed as xero-tenant-id on every API call) come from GET
        // https://api.xero.com/connections with the new access token (step 5 of that guide; it needs no scope of its
        // own). Scopes: Xero's granular ones (https://developer.xero.com/faq/granular-scopes and
        // https://developer.xero.com/documentation/guides/oauth2/scopes): apps created on or after 2 March 2026 cannot
        // ask for the broad accounting.transactions, which invoices, payments, bank transactions and manual journals
        // replace; offline_access for a refresh token. No OpenID scopes: Switchboard reads no identity.
        ["gbol"] = new(
            new Uri("https://login.xero.com/identity/connect/authorize"),
            new Uri("https://identity.xero.com/connect/token"),
            ["offline_access", "accounting.invoices", "accounting.payments", "accounting.banktransactions", "accounting.manualjournals", "accounting.contacts", "accounting.settings"],
            NoParameters,
            ClientAuthentication.Basic,
            RotatesRefreshTokens: true,
            TenantsUrl: new Uri("https://api.xero.com/connections")),

        // QuickBooks Online: https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0
        // (client_secret_basic; the refresh token may change on each refresh: always keep the latest). The company
        // (realmId) comes on the redirect's query string.
        ["qhyg"] = QuickBooks(),
        ["ndsk"] = QuickBooks(),

        // Sage Business Cloud Accounting: https://developer.sage.com/accounting/guides/authenticating/authentication/
        // (client id and secret in the body; each refresh returns a new refresh token).
        ["tgff"] = new(
            new Uri("https://www.sageone.com/oauth2/auth/central?filter=apiv3.1"),
            new Uri("https://oauth.accounting.sage.com/token"),
            ["full_access"],
            NoParameters,
            ClientAuthentication.Post,
            RotatesRefreshTokens: true),

        // FreeAgent: https://dev.freeagent.com/docs/oauth (client_secret_basic; no scopes). Since FreeAgent's token
        // lifetime change (api-discuss.freeagent.com/t/2033) a refresh answers with the refresh token as well, with its
        // own lifetime (refresh_token_expires_in); whichever refresh token an answer carries is kept, as for every platform.
        ["fbrh"] = new(
            new Uri("https://api.freeagent.com/v2/approve_app"),
            new Uri("https://api.freeagent.com/v2/token_endpoint"),
            [],
            NoParameters,
            ClientAuthentication.Basic,
            RotatesRefreshTokens: false),

        // Zoho Books: https://www.zoho.com/books/api/v3/oauth/ (client id and secret in the body; access_type=offline
        // asks for a refresh token, prompt=consent lets the user pick the organization; the refresh token stays).
        ["rwuv"] = new(
            new Uri("https://accounts.zoho.com/oauth/v2/auth"),
            new Uri("https://accounts.zoho.com/oauth/v2/token"),
            ["ZohoBooks.fullaccess.all"],
            new Dictionary<string, string>(StringComparer.Ordinal) { ["access_type"] = "offline", ["prompt"] = "consent" },
            ClientAuthentication.Post,
            RotatesRefreshTokens: false),

        // Exact Online: https://support.exactonline.com/community/s/knowledge-base#All-All-DNO-Content-oauth-eol-oauth-devstep1
        // (one host per country; client id and secret in the body; every refresh returns a new refresh token).
        ["qudb"] = Exact("start.exactonline.nl"),
        ["pbbf"] = Exact("start.exactonline.co.uk"),
    };

    private static OAuthDefinition QuickBooks() => new(
        new Uri("https://appcenter.intuit.com/connect/oauth2"),
        new Uri("https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer"),
        ["com.intuit.quickbooks.accounting"],
        NoParameters,
        ClientAuthentication.Basic,
        RotatesRefreshTokens: true);

    private static OAuthDefinition Exact(string host) => new(
        new Uri($"https://{host}/api/oauth2/auth"),
        new Uri($"https://{host}/api/oauth2/token"),
        [],
        NoParameters,
        ClientAuthentication.Post,
        RotatesRefreshTokens: true);
}
