using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Auth;

/// <summary>Every API route wants <c>Authorization: Basic &lt;base64 of the key&gt;</c>; anything else is a 401 ErrorMessage.</summary>
public sealed class AuthenticationTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly SwitchboardTestServer _server = shared.Server;

    public static TheoryData<string, string> ApiRoutes => new()
    {
        { "GET", "/companies" },
        { "POST", "/companies" },
        { "GET", "/companies/8a210b68-6988-11ed-a1eb-0242ac120002" },
        { "PUT", "/companies/8a210b68-6988-11ed-a1eb-0242ac120002" },
        { "PATCH", "/companies/8a210b68-6988-11ed-a1eb-0242ac120002" },
        { "DELETE", "/companies/8a210b68-6988-11ed-a1eb-0242ac120002" },
        { "GET", "/companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections" },
        { "POST", "/companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections" },
        { "GET", "/companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections/2e9d2c44-f675-40ba-8049-353bfcb5e171" },
        { "PATCH", "/companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections/2e9d2c44-f675-40ba-8049-353bfcb5e171" },
        { "DELETE", "/companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections/2e9d2c44-f675-40ba-8049-353bfcb5e171" },
        { "PUT", "/companies/8a210b68-6988-11ed-a1eb-0242ac120002/connections/2e9d2c44-f675-40ba-8049-353bfcb5e171/authorization" },
        { "GET", "/integrations" },
        { "GET", "/integrations/gbol" },
        { "GET", "/integrations/gbol/branding" },
        { "GET", "/companies/not-a-guid" },
    };

    private const string NoHeader = "(no header)";

    /// <summary>Authorization header values that must not authenticate.</summary>
    public static TheoryData<string> BadHeaders => new()
    {
        NoHeader,
        string.Empty,
        "Basic",
        "Basic ",
        "Bearer " + Convert.ToBase64String(Encoding.UTF8.GetBytes("test_0123456789abcdef0123456789abcdef")),
        "Basic not*base64!",
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("test_0123456789abcdef0123456789abcdef")),
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(":")),
        "Basic " + Convert.ToBase64String([0xC3, 0x28, 0xFF, 0xFE]),
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:password")),
        "Basic " + new string('A', 4000),
    };

    [Theory]
    [MemberData(nameof(ApiRoutes))]
    public async Task Route_WithoutAuthorizationHeader_Returns401ErrorMessage(string method, string path)
    {
        using var anonymous = _server.CreateClient(apiKey: null);

        var response = await anonymous.SendAsync(new HttpMethod(method), path, method is "GET" or "DELETE" ? null : "{}");

        var error = await response.ReadErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("Authorization", error.Error(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ApiRoutes))]
    public async Task Route_WithUnknownApiKey_Returns401ErrorMessage(string method, string path)
    {
        using var stranger = _server.CreateClient("test_" + Guid.NewGuid().ToString("N"));

        var response = await stranger.SendAsync(new HttpMethod(method), path, method is "GET" or "DELETE" ? null : "{}");

        await response.ReadErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public async Task Request_WithMissingWrongOrMalformedAuthorization_Returns401ErrorMessage(string header)
    {
        using var client = _server.CreateClient(apiKey: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/companies");
        if (header != NoHeader)
        {
            Assert.True(request.Headers.TryAddWithoutValidation("Authorization", header));
        }

        var response = await client.SendAsync(request);

        await response.ReadErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Request_WithAKeyThatDiffersByOneCharacter_Returns401()
    {
        using var client = _server.CreateClient(_server.ApiKey + "x");

        var response = await client.GetAsync("/companies");

        await response.ReadErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("Basic {0}")]
    [InlineData("basic {0}")]
    [InlineData("BASIC {0}")]
    [InlineData("Basic   {0}  ")]
    public async Task Request_WithValidKeyInAcceptedSpellings_Succeeds(string format)
    {
        using var client = _server.CreateClient(apiKey: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/companies");
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(_server.ApiKey));
        Assert.True(request.Headers.TryAddWithoutValidation("Authorization", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, encoded)));

        var response = await client.SendAsync(request);

        await response.ReadObjectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Request_WithKeyFollowedByColonAsCurlSendsIt_Succeeds()
    {
        using var client = _server.CreateClient(apiKey: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(_server.ApiKey + ":")));

        var response = await client.GetAsync("/companies");

        await response.ReadObjectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unauthenticated_Create_ChangesNothing()
    {
        using var anonymous = _server.CreateClient(apiKey: null);
        using var tenant = await _server.CreateTenantClientAsync();

        await (await anonymous.SendAsync(HttpMethod.Post, "/companies", """{"name":"Sneaky"}""")).ReadErrorAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(0, (await tenant.GetObjectAsync("/companies"))["totalResults"]!.GetValue<int>());
        var all = await _server.Client.GetObjectAsync("/companies?query=" + Uri.EscapeDataString("name=Sneaky"));
        Assert.Equal(0, all["totalResults"]!.GetValue<int>());
    }
}
