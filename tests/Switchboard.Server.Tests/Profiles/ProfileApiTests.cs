using System.Net;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Profiles;

/// <summary>
/// <c>GET/PUT /profile</c> in Codat's <c>Profile</c> shape, per tenant: the name and logo a tenant's end users see on the
/// Link pages and where they are sent afterwards. The deprecated <c>apiKey</c> is never returned.
/// </summary>
public sealed class ProfileApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly SwitchboardTestServer _server = shared.Server;

    [Fact]
    public async Task Get_BeforeAnyPut_ShowsTheTenantsNameAndNoRedirect()
    {
        using var tenant = await _server.CreateTenantClientAsync("Bob's Burgers");

        var profile = await tenant.GetObjectAsync("/profile");

        WireAssert.HasExactly(profile, "name", "redirectUrl", "whiteListUrls", "confirmCompanyName");
        Assert.Equal("Bob's Burgers", profile["name"].Str());
        Assert.Equal("", profile["redirectUrl"].Str());
        Assert.Empty(profile["whiteListUrls"]!.AsArray());
    }

    [Fact]
    public async Task Put_ReplacesTheProfile_WhichGetThenShows_AndNeverReturnsAnApiKey()
    {
        using var tenant = await _server.CreateTenantClientAsync();
        const string body = """
            {"name":"Bob's Burgers","logoUrl":"https://bobs-burgers.com/logo.png","iconUrl":"https://bobs-burgers.com/icon.ico",
             "redirectUrl":"https://bobs-burgers.{countrySuffix}/{companyId}","whiteListUrls":["https://bobs-burgers.com"],
             "confirmCompanyName":true,"apiKey":"sartANTjHAkLdbyDfaynoTQb7pkmj6hXHmnQKMrB"}
            """;

        var put = await (await tenant.SendAsync(HttpMethod.Put, "/profile", body)).ReadObjectAsync(HttpStatusCode.OK);
        var got = await tenant.GetObjectAsync("/profile");

        Assert.Equal(put.ToJsonString(), got.ToJsonString());
        WireAssert.HasExactly(got, "name", "logoUrl", "iconUrl", "redirectUrl", "whiteListUrls", "confirmCompanyName");
        Assert.Equal("https://bobs-burgers.{countrySuffix}/{companyId}", got["redirectUrl"].Str());
        Assert.True(got["confirmCompanyName"]!.GetValue<bool>());
        Assert.DoesNotContain("sartANT", got.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_IsPerTenant()
    {
        using var first = await _server.CreateTenantClientAsync("First");
        using var second = await _server.CreateTenantClientAsync("Second");

        (await first.SendAsync(HttpMethod.Put, "/profile", """{"name":"First's brand","redirectUrl":"https://first.example/done"}""")).EnsureSuccessStatusCode();

        Assert.Equal("Second", (await second.GetObjectAsync("/profile"))["name"].Str());
        Assert.Equal("", (await second.GetObjectAsync("/profile"))["redirectUrl"].Str());
    }

    [Theory]
    [InlineData("""{"redirectUrl":"https://x.example"}""", "name")]
    [InlineData("""{"name":"   ","redirectUrl":"https://x.example"}""", "name")]
    [InlineData("""{"name":"A"}""", "redirectUrl")]
    [InlineData("""{"name":"A","redirectUrl":"javascript:alert(1)"}""", "redirectUrl")]
    [InlineData("""{"name":"A","redirectUrl":"https://x.example/a b"}""", "redirectUrl")]
    [InlineData("""{"name":"A","redirectUrl":"","logoUrl":"http://insecure.example/logo.png"}""", "logoUrl")]
    [InlineData("""{"name":"A","redirectUrl":"","iconUrl":"not a url"}""", "iconUrl")]
    [InlineData("""{"name":"A","redirectUrl":"","whiteListUrls":["ftp://x.example"]}""", "whiteListUrls")]
    public async Task Put_WithAnInvalidField_Returns400NamingIt_AndChangesNothing(string body, string field)
    {
        using var tenant = await _server.CreateTenantClientAsync("Unchanged");

        var error = await (await tenant.SendAsync(HttpMethod.Put, "/profile", body)).ReadErrorAsync(HttpStatusCode.BadRequest);

        Assert.Contains(field, error.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("Unchanged", (await tenant.GetObjectAsync("/profile"))["name"].Str());
    }

    [Fact]
    public async Task Profile_NeedsAnApiKey()
    {
        using var anonymous = _server.CreateClient(apiKey: null);

        await (await anonymous.GetAsync("/profile")).ReadErrorAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.SendAsync(HttpMethod.Put, "/profile", """{"name":"A","redirectUrl":""}""")).ReadErrorAsync(HttpStatusCode.Unauthorized);
    }
}
