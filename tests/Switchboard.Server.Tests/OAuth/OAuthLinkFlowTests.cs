using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.OAuth;

/// <summary>The Link flow through a real OAuth 2.0 provider: consent, denial, replay, forgery, token endpoint failures.</summary>
[LongRunning]
public sealed class OAuthLinkFlowTests
{
    [Fact]
    public async Task Consent_At_The_Platform_Links_The_Connection_And_The_Stored_Token_Works_There()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();

        var run = await OAuthTestBed.LinkAsync(linkUrl);

        Assert.Equal(HttpStatusCode.OK, run.Status);
        Assert.Contains("Test Provider is connected", run.Page, StringComparison.Ordinal);
        var authorize = QueryHelpers.ParseQuery(run.Authorize.Query);
        Assert.Equal("S256", authorize["code_challenge_method"]);
        Assert.Equal(new Uri(bed.Server.BaseAddress, "link/callback").AbsoluteUri, authorize["redirect_uri"]);
        Assert.Equal("offline_access accounting", authorize["scope"]);
        var callback = QueryHelpers.ParseQuery(run.Callback.Query);
        Assert.DoesNotContain(callback["code"].ToString(), run.Page, StringComparison.Ordinal);
        Assert.DoesNotContain(callback["state"].ToString(), run.Page, StringComparison.Ordinal);

        var linked = await bed.GetConnectionAsync(company, connection);
        Assert.Equal("Linked", linked["status"]!.GetValue<string>());
        var info = Assert.IsType<JsonObject>(linked["connectionInfo"]);
        Assert.All(info, pair => Assert.Equal(System.Text.Json.JsonValueKind.String, pair.Value!.GetValueKind()));
        Assert.Equal("accessToken,refreshToken", info["authorizationKeys"]!.GetValue<string>());

        var token = await bed.GetAccessTokenAsync(company, connection);
        Assert.Equal("Bearer", token["tokenType"]!.GetValue<string>());
        Assert.Equal(["offline_access", "accounting"], token["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.NotNull(await bed.Provider.SubjectOfAsync(token["accessToken"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Denied_Consent_Leaves_The_Connection_PendingAuth_With_An_Error_Entry_And_The_Same_Link_Can_Try_Again()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        bed.Provider.DenyConsent = true;

        var run = await OAuthTestBed.LinkAsync(linkUrl);

        Assert.Equal(HttpStatusCode.OK, run.Status);
        Assert.Contains("did not give consent", run.Page, StringComparison.Ordinal);
        var after = await bed.GetConnectionAsync(company, connection);
        Assert.Equal("PendingAuth", after["status"]!.GetValue<string>());
        Assert.Null(after["connectionInfo"]);
        var error = Assert.Single(after["dataConnectionErrors"]!.AsArray())!;
        Assert.Equal("403", error["statusCode"]!.GetValue<string>());
        Assert.Equal(0, bed.Provider.CodeExchanges);
        await (await bed.RequestAccessTokenAsync(company, connection)).ReadErrorAsync(HttpStatusCode.Conflict);

        // The error entry changed the connection (its ETag), not its status or credentials: the link still stands.
        bed.Provider.DenyConsent = false;
        var retry = await OAuthTestBed.LinkAsync(linkUrl);

        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.Contains("Test Provider is connected", retry.Page, StringComparison.Ordinal);
        Assert.Equal("Linked", (await bed.GetConnectionAsync(company, connection))["status"]!.GetValue<string>());
        Assert.Equal(1, bed.Provider.CodeExchanges);
        // And a link that has linked is spent.
        var (again, page) = await OAuthTestBed.GetPageAsync(new Uri(linkUrl));
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Contains("already connected", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Replayed_Callback_Is_Refused_And_Changes_Nothing()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        var run = await OAuthTestBed.LinkAsync(linkUrl);
        var linked = await bed.GetConnectionAsync(company, connection);

        var (status, page) = await OAuthTestBed.GetPageAsync(run.Callback);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("already been used", page, StringComparison.Ordinal);
        Assert.Equal(1, bed.Provider.CodeExchanges);
        Assert.Equal(linked.ToJsonString(), (await bed.GetConnectionAsync(company, connection)).ToJsonString());
    }

    [Fact]
    public async Task Of_Two_SignIns_Of_One_Link_A_Denied_One_Leaves_The_Other_Able_To_Link()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        // The end user opened the link in two tabs: two sign-ins at the platform, each with its own state.
        var first = await OAuthTestBed.BeginSignInAsync(linkUrl);
        var second = await OAuthTestBed.BeginSignInAsync(linkUrl);
        bed.Provider.DenyConsent = true;
        var (deniedStatus, _) = await OAuthTestBed.GetPageAsync(await OAuthTestBed.ConsentAsync(first));
        Assert.Equal(HttpStatusCode.OK, deniedStatus);
        bed.Provider.DenyConsent = false;

        var (status, page) = await OAuthTestBed.GetPageAsync(await OAuthTestBed.ConsentAsync(second));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Test Provider is connected", page, StringComparison.Ordinal);
        Assert.Equal("Linked", (await bed.GetConnectionAsync(company, connection))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_Callback_Whose_SignIn_Began_Before_The_Connection_Was_Linked_Another_Way_Is_Gone_And_Nothing_Is_Exchanged()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        var signIn = await OAuthTestBed.BeginSignInAsync(linkUrl);
        // Meanwhile the tenant linked the connection through the API, then unlinked it: the sign-in's link is spent.
        (await bed.Client.AuthorizeAsync(company, connection)).EnsureSuccessStatusCode();
        (await bed.Client.UnlinkAsync(company, connection)).EnsureSuccessStatusCode();
        var unlinked = await bed.GetConnectionAsync(company, connection);

        var (status, page) = await OAuthTestBed.GetPageAsync(await OAuthTestBed.ConsentAsync(signIn));

        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Contains("already been used", page, StringComparison.Ordinal);
        Assert.Equal(0, bed.Provider.CodeExchanges);
        Assert.Equal(unlinked.ToJsonString(), (await bed.GetConnectionAsync(company, connection)).ToJsonString());
    }

    [Fact]
    public async Task A_SignIn_That_Outlives_Its_State_Is_Recorded_On_The_Connection_And_Ends_At_The_Tenants_Redirect()
    {
        await using var bed = await OAuthTestBed.StartAsync(settings: new Dictionary<string, string?>
        {
            // A state that ends a millisecond after it is made: the round trip through the platform alone takes longer.
            ["Switchboard:Tokens:StateLifetime"] = "00:00:00.001",
            ["Switchboard:LinkRedirectUrl"] = "https://app.example/linked?connection={connectionId}&status={statusCode}",
        });
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        var callback = await OAuthTestBed.ConsentAsync(await OAuthTestBed.BeginSignInAsync(linkUrl));

        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        using var answer = await browser.GetAsync(callback, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal($"https://app.example/linked?connection={connection}&status=500", answer.Headers.Location!.AbsoluteUri);
        Assert.Equal(0, bed.Provider.CodeExchanges);
        var after = await bed.GetConnectionAsync(company, connection);
        Assert.Equal("PendingAuth", after["status"]!.GetValue<string>());
        var error = Assert.Single(after["dataConnectionErrors"]!.AsArray())!;
        Assert.Equal("408", error["statusCode"]!.GetValue<string>());
        Assert.Contains("took longer than the 00:00:00.0010000 a sign-in may take", error["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Company_The_Platform_Names_On_Its_Redirect_Goes_Into_ConnectionInfo_As_A_String()
    {
        // Intuit appends the QuickBooks company to its redirect: ?code=…&state=…&realmId=…
        const string RealmId = "9130350604308576";
        await using var bed = await OAuthTestBed.StartAsync(new OAuthProviderOptions { RealmId = RealmId });
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();

        var run = await OAuthTestBed.LinkAsync(linkUrl);

        Assert.Equal(RealmId, QueryHelpers.ParseQuery(run.Callback.Query)["realmId"].ToString());
        Assert.Equal(HttpStatusCode.OK, run.Status);
        var info = Assert.IsType<JsonObject>((await bed.GetConnectionAsync(company, connection))["connectionInfo"]);
        Assert.Equal(RealmId, info["realmId"]!.GetValue<string>());
        Assert.All(info, pair => Assert.Equal(System.Text.Json.JsonValueKind.String, pair.Value!.GetValueKind()));
        Assert.Equal(RealmId, (await bed.GetAccessTokenAsync(company, connection))["connectionInfo"]!["realmId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_Forged_State_Is_Refused_Before_Anything_Reaches_The_Platform()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        var run = await OAuthTestBed.LinkAsync(linkUrl);
        var before = await bed.GetConnectionAsync(company, connection);
        var state = QueryHelpers.ParseQuery(run.Callback.Query)["state"].ToString();
        // The same shape, one character changed: the signature no longer matches.
        var forged = (state[0] == 'A' ? 'B' : 'A') + state[1..];

        var (status, page) = await OAuthTestBed.GetPageAsync(new Uri(bed.Server.BaseAddress, $"link/callback?state={forged}&code=anything"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("did not start here", page, StringComparison.Ordinal);
        Assert.Equal(1, bed.Provider.CodeExchanges);
        Assert.Equal(before.ToJsonString(), (await bed.GetConnectionAsync(company, connection)).ToJsonString());
    }

    [Theory]
    [InlineData(OAuthProviderFault.ServerError)]
    [InlineData(OAuthProviderFault.Hang)]
    public async Task A_Token_Endpoint_Error_Or_Timeout_Leaves_The_Connection_Unlinked_With_An_Error_Entry(OAuthProviderFault fault)
    {
        // A short timeout only where the endpoint hangs: on a loaded machine the server error's answer can take longer than 1 s.
        var timeout = fault == OAuthProviderFault.Hang ? "00:00:01" : "00:00:30";
        await using var bed = await OAuthTestBed.StartAsync(settings: new Dictionary<string, string?> { ["Switchboard:Tokens:HttpTimeout"] = timeout });
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        bed.Provider.TokenEndpointFault = fault;

        var run = await OAuthTestBed.LinkAsync(linkUrl);

        Assert.Equal(HttpStatusCode.BadGateway, run.Status);
        Assert.Contains("did not complete the connection", run.Page, StringComparison.Ordinal);
        var after = await bed.GetConnectionAsync(company, connection);
        Assert.Equal("PendingAuth", after["status"]!.GetValue<string>());
        var error = Assert.Single(after["dataConnectionErrors"]!.AsArray())!;
        Assert.Equal("500", error["statusCode"]!.GetValue<string>());
        Assert.Contains(fault == OAuthProviderFault.Hang ? "did not answer in time" : "HTTP 500", error["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Link_To_An_OAuth2_Integration_Without_A_Client_Says_Why_And_The_Log_Says_What_To_Set()
    {
        await using var server = await SwitchboardTestServer.StartAsync();
        var company = await server.Client.CreateCompanyIdAsync();
        var connection = await server.Client.CreateConnectionAsync(company, "gbol");

        var (status, page) = await OAuthTestBed.GetPageAsync(new Uri(connection["linkUrl"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.NotImplemented, status);
        Assert.Contains("Xero cannot be connected from this page yet", page, StringComparison.Ordinal);
        Assert.Contains("Switchboard__Integrations__gbol__OAuth__ClientId", server.Logs.All, StringComparison.Ordinal);
        // Tokens can still be imported.
        Assert.Equal(HttpStatusCode.OK, (await server.Client.AuthorizeAsync(company, connection.Id())).StatusCode);
    }
}
