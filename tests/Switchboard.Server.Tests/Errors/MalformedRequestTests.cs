using System.Net;
using System.Text;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Errors;

/// <summary>
/// Every request body and route id a client can get wrong, on every route that takes one: a 400 ErrorMessage
/// whose message says what was wrong; never a 500, never a change.
/// </summary>
public sealed class MalformedRequestTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string CompanyToken = "{company}";
    private const string ConnectionToken = "{connection}";

    private readonly SwitchboardTestServer _server = shared.Server;

    /// <summary>Every route that reads a JSON body, with a body it accepts.</summary>
    public static TheoryData<string, string> BodyRoutes => new()
    {
        { "POST /companies", """{"name":"Acme"}""" },
        { $"PUT /companies/{CompanyToken}", """{"name":"Acme"}""" },
        { $"PATCH /companies/{CompanyToken}", """{"name":"Acme"}""" },
        { $"POST /companies/{CompanyToken}/connections", """{"platformKey":"gbol"}""" },
        { $"PATCH /companies/{CompanyToken}/connections/{ConnectionToken}", """{"status":"Unlinked"}""" },
        { $"PUT /companies/{CompanyToken}/connections/{ConnectionToken}/authorization", """{"accessToken":"a","refreshToken":"r"}""" },
    };

    /// <summary>Bodies that are not JSON a route can read, and a word the message must contain.</summary>
    public static IEnumerable<(string Body, string Says)> BadBodies =>
    [
        (string.Empty, "required"),
        ("null", "required"),
        ("{", "not valid JSON"),
        ("""{"name":}""", "not valid JSON"),
        ("{'name':'Acme'}", "not valid JSON"),
        ("""{"name":"Acme",}""", "not valid JSON"),
        ("""/* comment */ {"name":"Acme"}""", "not valid JSON"),
        ("""{"name":"Acme"} {}""", "not valid JSON"),
        ("not json at all", "not valid JSON"),
        ("[]", "object"),
        ("\"text\"", "object"),
        ("12", "object"),
        ("""{"zzz":""" + new string('[', 64) + new string(']', 64) + "}", "nested too deeply"),
        ("""{"zzz":""" + new string('[', 20_000), "nested too deeply"),
    ];

    public static TheoryData<string, string, string> BodyRoutesWithBadBodies
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var route in BodyRoutes)
            {
                foreach (var (body, says) in BadBodies)
                {
                    data.Add(route.Data.Item1, body, says);
                }
            }

            return data;
        }
    }

    /// <summary>Every route with an id in it, with the name of the id made malformed.</summary>
    public static TheoryData<string, string?, string> RoutesWithIds => new()
    {
        { "GET /companies/{bad}", null, "companyId" },
        { "PUT /companies/{bad}", """{"name":"Acme"}""", "companyId" },
        { "PATCH /companies/{bad}", """{"name":"Acme"}""", "companyId" },
        { "DELETE /companies/{bad}", null, "companyId" },
        { "GET /companies/{bad}/connections", null, "companyId" },
        { "POST /companies/{bad}/connections", """{"platformKey":"gbol"}""", "companyId" },
        { $"GET /companies/{{bad}}/connections/{ConnectionToken}", null, "companyId" },
        { $"PATCH /companies/{{bad}}/connections/{ConnectionToken}", """{"status":"Unlinked"}""", "companyId" },
        { $"DELETE /companies/{{bad}}/connections/{ConnectionToken}", null, "companyId" },
        { $"PUT /companies/{{bad}}/connections/{ConnectionToken}/authorization", """{"accessToken":"a","refreshToken":"r"}""", "companyId" },
        { $"GET /companies/{CompanyToken}/connections/{{bad}}", null, "connectionId" },
        { $"PATCH /companies/{CompanyToken}/connections/{{bad}}", """{"status":"Unlinked"}""", "connectionId" },
        { $"DELETE /companies/{CompanyToken}/connections/{{bad}}", null, "connectionId" },
        { $"PUT /companies/{CompanyToken}/connections/{{bad}}/authorization", """{"accessToken":"a","refreshToken":"r"}""", "connectionId" },
    };

    [Theory]
    [MemberData(nameof(BodyRoutesWithBadBodies))]
    public async Task Route_WithBadBody_Returns400SayingWhatWasWrongAndChangesNothing(string route, string body, string says)
    {
        var target = await TargetAsync();
        var before = await target.SnapshotAsync();

        // The authorization map is flat: a nested value may be reported as the wrong type before it is too deep.
        var accepted = route.EndsWith("/authorization", StringComparison.Ordinal) && says == "nested too deeply"
            ? new[] { says, "'zzz' has the wrong type" }
            : [says];

        var response = await target.SendAsync(route, body);

        var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.True(accepted.Any(a => error.Error().Contains(a, StringComparison.Ordinal)), $"'{error.Error()}' says none of: {string.Join(" / ", accepted)}");
        Assert.Equal(before, await target.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task Route_WithBodyThatIsNotUtf8_Returns400(string route, string validBody)
    {
        var target = await TargetAsync();
        var before = await target.SnapshotAsync();
        var bytes = Encoding.UTF8.GetBytes(validBody).ToList();
        var valueStart = bytes.IndexOf((byte)'"', bytes.IndexOf((byte)':')) + 1;
        bytes.InsertRange(valueStart, new byte[] { 0xC3, 0x28, 0xFF });

        using var request = new HttpRequestMessage(target.Method(route), target.Path(route)) { Content = new ByteArrayContent([.. bytes]) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var response = await _server.Client.SendAsync(request);

        await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await target.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task Route_WithNoContentAtAll_Returns400SayingABodyIsRequired(string route, string validBody)
    {
        _ = validBody;
        var target = await TargetAsync();
        var before = await target.SnapshotAsync();

        var response = await target.SendAsync(route, body: null);

        var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("required", error.Error(), StringComparison.Ordinal);
        Assert.Equal(before, await target.SnapshotAsync());
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task Route_WithBodyLargerThanTheLimit_Returns413(string route, string validBody)
    {
        _ = validBody;
        var target = await TargetAsync();
        var body = $$"""{"name":"{{new string('a', 70 * 1024)}}"}""";

        var response = await target.SendAsync(route, body);

        await response.ReadErrorAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task Route_WithTheValidBody_Succeeds(string route, string body)
    {
        var target = await TargetAsync();

        var response = await target.SendAsync(route, body);

        Assert.True(response.IsSuccessStatusCode, $"{route} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [MemberData(nameof(RoutesWithIds))]
    public async Task Route_WithIdThatIsNotAGuid_Returns400NamingTheId(string route, string? body, string idName)
    {
        var target = await TargetAsync();
        var before = await target.SnapshotAsync();

        foreach (var bad in new[] { "not-a-guid", "1234", "8a210b68-6988-11ed-a1eb-0242ac12000" })
        {
            var response = await target.SendAsync(route.Replace("{bad}", bad, StringComparison.Ordinal), body);

            var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
            Assert.Contains($"{idName} '{bad}'", error.Error(), StringComparison.Ordinal);
            Assert.Equal(idName, error["validation"]!["errors"]![0]!["itemId"].Str());
        }

        Assert.Equal(before, await target.SnapshotAsync());
    }

    [Fact]
    public async Task Route_WithVeryLongMalformedId_Returns400WithAShortenedMessage()
    {
        var bad = new string('x', 2000);

        var error = await (await _server.Client.GetAsync($"/companies/{bad}")).ReadErrorAsync(HttpStatusCode.BadRequest);

        Assert.Contains("companyId", error.Error(), StringComparison.Ordinal);
        Assert.True(error.Error().Length < 400, $"The message echoes {error.Error().Length} characters of input.");
    }

    private async Task<Target> TargetAsync()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync("Target");
        var connectionId = (await _server.Client.CreateConnectionAsync(companyId, "gbol")).Id();
        (await _server.Client.AuthorizeAsync(companyId, connectionId)).EnsureSuccessStatusCode();
        return new Target(_server, companyId, connectionId);
    }

    /// <summary>A company with a Linked connection that a route's placeholders are filled with.</summary>
    private sealed record Target(SwitchboardTestServer Server, string CompanyId, string ConnectionId)
    {
        public HttpMethod Method(string route) => new(route[..route.IndexOf(' ', StringComparison.Ordinal)]);

        public string Path(string route) => route[(route.IndexOf(' ', StringComparison.Ordinal) + 1)..]
            .Replace(CompanyToken, CompanyId, StringComparison.Ordinal)
            .Replace(ConnectionToken, ConnectionId, StringComparison.Ordinal);

        public Task<HttpResponseMessage> SendAsync(string route, string? body) => Server.Client.SendAsync(Method(route), Path(route), body);

        /// <summary>Everything the tenant can see of the server, as text: companies with their connections.</summary>
        public async Task<string> SnapshotAsync()
        {
            var companies = await Server.Client.GetObjectAsync("/companies?pageSize=5000");
            var company = await Server.Client.GetObjectAsync($"/companies/{CompanyId}");
            var row = await Server.FindConnectionRowAsync(ConnectionId);
            return $"{companies["totalResults"]}|{company.ToJsonString()}|{row!.Version}|{Convert.ToHexString(row.Credentials!)}";
        }
    }
}
