using System.Net;
using System.Net.Http.Headers;
using Switchboard.Server.Configuration;
using Switchboard.Server.Integrations;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.OAuth;

/// <summary>
/// Xero's tenant ids: after the code exchange Switchboard asks the integration's <c>OAuth:TenantsUrl</c> (Xero's
/// connections endpoint) with the new access token, and the ids go to <c>connectionInfo.tenantIds</c>. The provider on
/// loopback serves Xero's documented answer and only to a valid bearer token. A failing lookup fails the link.
/// </summary>
public sealed class TenantLookupTests
{
    [Fact]
    public void Xero_Has_Its_Connections_Endpoint_Built_In_And_Configuration_Can_Point_Elsewhere()
    {
        var builtIn = new IntegrationCatalog(new Dictionary<string, IntegrationSettings>());
        var configured = new IntegrationCatalog(new Dictionary<string, IntegrationSettings>
        {
            ["gbol"] = new() { OAuth = new OAuthSettings { ClientId = "id", ClientSecret = "secret", TenantsUrl = "http://127.0.0.1:9/connections" } },
        });

        Assert.Equal(new Uri("https://api.xero.com/connections"), builtIn.Find("gbol")!.OAuth!.TenantsUrl);
        Assert.Equal(new Uri("http://127.0.0.1:9/connections"), configured.Find("gbol")!.OAuth!.TenantsUrl);
        Assert.Null(builtIn.Find("qhyg")!.OAuth!.TenantsUrl);
    }

    [Fact]
    public async Task The_Tenants_Listed_For_The_New_Access_Token_Go_Into_ConnectionInfo()
    {
        await using var bed = await StartAsync();
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();

        var run = await OAuthTestBed.LinkAsync(linkUrl);

        Assert.Equal(HttpStatusCode.OK, run.Status);
        var linked = await bed.GetConnectionAsync(company, connection);
        Assert.Equal("Linked", linked["status"]!.GetValue<string>());
        var subject = await bed.Provider.SubjectOfAsync((await bed.GetAccessTokenAsync(company, connection))["accessToken"]!.GetValue<string>());
        Assert.Equal(bed.Provider.TenantIdOf(subject!), linked["connectionInfo"]!["tenantIds"]!.GetValue<string>());

        // The endpoint answers only a valid bearer token, so the ids above came with the token the link obtained.
        using var anonymous = new HttpClient();
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri(bed.Provider.BaseAddress, "connections"))).StatusCode);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task A_Failing_Lookup_Fails_The_Link_And_Leaves_The_Connection_PendingAuth_With_An_Error_Entry(HttpStatusCode answer)
    {
        await using var bed = await StartAsync();
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        bed.Provider.TenantsStatus = (int)answer;

        var run = await OAuthTestBed.LinkAsync(linkUrl);

        Assert.Equal(HttpStatusCode.BadGateway, run.Status);
        Assert.Contains("its list of organisations could not be read", run.Page, StringComparison.Ordinal);
        Assert.Equal(1, bed.Provider.CodeExchanges);
        var after = await bed.GetConnectionAsync(company, connection);
        Assert.Equal("PendingAuth", after["status"]!.GetValue<string>());
        Assert.Null(after["connectionInfo"]);
        var error = Assert.Single(after["dataConnectionErrors"]!.AsArray())!;
        Assert.Equal("500", error["statusCode"]!.GetValue<string>());
        Assert.Contains($"answered HTTP {(int)answer}", error["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        await (await bed.RequestAccessTokenAsync(company, connection)).ReadErrorAsync(HttpStatusCode.Conflict);
    }

    /// <summary>The test platform with its tenants lookup configured, as Xero's is built in.</summary>
    private static Task<OAuthTestBed> StartAsync() => OAuthTestBed.StartAsync(tenantsUrl: provider => new Uri(provider.BaseAddress, "connections"));
}
