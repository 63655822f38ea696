using System.Globalization;
using System.Net;
using System.Text;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Errors;

/// <summary>
/// The bounds on what a request may carry (body size, paging, query length, authorization map, JSON depth): past a
/// bound is a 400 or 413 ErrorMessage that changes nothing, at the bound is accepted, and nothing is ever a 500.
/// </summary>
public sealed class RequestLimitTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const int DefaultLimit = 64 * 1024;

    private readonly SwitchboardTestServer _server = shared.Server;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Body_LargerThan64KiB_Returns413AndStoresNothing(bool withContentLength)
    {
        var tenant = await _server.NewTenantAsync();

        var response = await tenant.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/companies")
        {
            Content = CompanyBodyOfSize(DefaultLimit + 1, withContentLength),
        });

        var error = await response.ReadErrorAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("too large", error.Error(), StringComparison.Ordinal);
        Assert.Equal(0, await tenant.Client.TotalResultsAsync("/companies"));
    }

    /// <summary>
    /// A client that sends its body slower than Kestrel's minimum data rate (240 bytes/s after a 5-s grace) is answered
    /// 408 as an ErrorMessage, and nothing is stored: a connection cannot be held open by trickling a body. A raw
    /// socket, as HttpClient sends a body as fast as it can.
    /// </summary>
    [Fact]
    public async Task Body_SentSlowerThanTheMinimumDataRate_Returns408AndStoresNothing()
    {
        var tenant = await _server.NewTenantAsync();
        var body = Encoding.UTF8.GetBytes($$"""{"name":"{{new string('s', 1000)}}"}""");
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(_server.BaseAddress.Host, _server.BaseAddress.Port);
        var stream = socket.GetStream();
        var head = $"POST /companies HTTP/1.1\r\nHost: {_server.BaseAddress.Authority}\r\n" +
            $"Authorization: Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes(tenant.ApiKey))}\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        // Two bytes a second, until the server answers (after the grace) or 20 s have passed.
        var buffer = new byte[4096];
        var reading = stream.ReadAsync(buffer).AsTask();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        for (var sent = 0; sent < body.Length && DateTime.UtcNow < deadline && !reading.IsCompleted; sent++)
        {
            await stream.WriteAsync(body.AsMemory(sent, 1));
            await Task.WhenAny(reading, Task.Delay(500));
        }

        var answer = new StringBuilder();
        for (var read = await reading.WaitAsync(TimeSpan.FromSeconds(20)); read > 0; read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(20)))
        {
            answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        var text = answer.ToString();
        Assert.StartsWith("HTTP/1.1 408 ", text, StringComparison.Ordinal);
        Assert.Contains("\"statusCode\":408", text, StringComparison.Ordinal);
        Assert.Contains("\"error\":\"The request body arrived too slowly; send the request again.\"", text, StringComparison.Ordinal);
        Assert.Contains("\"canBeRetried\":\"True\"", text, StringComparison.Ordinal);
        Assert.Contains("\"correlationId\"", text, StringComparison.Ordinal);
        Assert.Equal(0, await tenant.Client.TotalResultsAsync("/companies"));
    }

    [Fact]
    public async Task Body_OfExactly64KiB_IsAccepted()
    {
        var tenant = await _server.NewTenantAsync();

        var response = await tenant.Client.PostAsync("/companies", CompanyBodyOfSize(DefaultLimit, withContentLength: true));

        await response.ReadObjectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Authorization_LargerThan64KiB_Returns413AndLeavesTheConnectionAsItWas()
    {
        var (companyId, connectionId) = await _server.Client.CreateLinkedConnectionAsync();
        var before = await _server.Client.GetStringAsync($"/companies/{companyId}/connections/{connectionId}");
        var huge = $$"""{"accessToken":"{{new string('t', DefaultLimit)}}","refreshToken":"r"}""";

        var response = await _server.Client.RequestAsync("PUT", $"/companies/{companyId}/connections/{connectionId}/authorization", huge);

        await response.ReadErrorAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await _server.Client.GetStringAsync($"/companies/{companyId}/connections/{connectionId}"));
    }

    [Fact]
    public async Task Body_LargerThan64KiB_IsAcceptedWhenTheLimitIsRaised()
    {
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?> { ["Switchboard:MaxRequestBodyBytes"] = "1048576" });

        var response = await server.Client.PostAsync("/companies", CompanyBodyOfSize(DefaultLimit * 4, withContentLength: false));

        Assert.Equal("Padded", (await response.ReadObjectAsync(HttpStatusCode.OK))["name"].Str());
    }

    public static TheoryData<string, string, string> BadPaging
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var list in new[] { "/companies", "/companies/{company}/connections", "/integrations" })
            {
                foreach (var (name, value) in new[]
                {
                    ("pageSize", "0"), ("pageSize", "5001"), ("pageSize", "abc"), ("pageSize", "-1"), ("pageSize", "1.5"), ("pageSize", "99999999999"),
                    ("page", "0"), ("page", "-1"), ("page", "abc"), ("page", "1e3"), ("page", string.Empty),
                })
                {
                    data.Add(list, name, value);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(BadPaging))]
    public async Task List_WithPagingOutOfRange_Returns400NamingTheParameter(string list, string name, string value)
    {
        var path = list.Replace("{company}", await _server.Client.CreateCompanyIdAsync(), StringComparison.Ordinal);

        var response = await _server.Client.GetAsync($"{path}?{name}={Uri.EscapeDataString(value)}");

        var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains(name, error.Error(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/companies")]
    [InlineData("/companies/{company}/connections")]
    [InlineData("/integrations")]
    public async Task List_WithPagingAtTheBounds_Succeeds(string list)
    {
        var path = list.Replace("{company}", await _server.Client.CreateCompanyIdAsync(), StringComparison.Ordinal);

        var smallest = await _server.Client.GetObjectAsync($"{path}?page=1&pageSize=1");
        var largest = await _server.Client.GetObjectAsync($"{path}?page=1000000&pageSize=5000");

        Assert.Equal(1, smallest["pageSize"]!.GetValue<int>());
        Assert.Empty(largest["results"]!.AsArray());
    }

    [Theory]
    [InlineData("/companies")]
    [InlineData("/companies/{company}/connections")]
    [InlineData("/integrations")]
    public async Task List_WithQueryOf2049Characters_Returns400AndOf2048IsAnswered(string list)
    {
        var path = list.Replace("{company}", await _server.Client.CreateCompanyIdAsync(), StringComparison.Ordinal);
        var property = list == "/integrations" ? "name" : list == "/companies" ? "name" : "platformName";
        var longest = property + "=" + new string('q', 2048 - property.Length - 1);

        var tooLong = await _server.Client.GetAsync($"{path}?query={Uri.EscapeDataString(longest + "q")}");
        var atTheLimit = await _server.Client.GetAsync($"{path}?query={Uri.EscapeDataString(longest)}");

        var error = await tooLong.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("2048", error.Error(), StringComparison.Ordinal);
        Assert.Equal(0, (await atTheLimit.ReadObjectAsync(HttpStatusCode.OK))["totalResults"]!.GetValue<int>());
    }

    public static TheoryData<string, int> AuthorizationMaps => new()
    {
        { "entries", 100 },
        { "keyLength", 256 },
        { "valueLength", 8192 },
    };

    [Theory]
    [MemberData(nameof(AuthorizationMaps))]
    public async Task Authorization_AtItsBound_IsAcceptedAndOnePastIt_Returns400AndChangesNothing(string bound, int limit)
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var connectionId = (await _server.Client.CreateConnectionAsync(companyId, "mqjo")).Id();
        var path = $"/companies/{companyId}/connections/{connectionId}";
        var before = (await _server.Client.GetAsync(path)).ETag();

        var over = await _server.Client.RequestAsync("PUT", path + "/authorization", AuthorizationMap(bound, limit + 1));
        var after = await _server.Client.GetObjectAsync(path);
        var credentialsAfter = (await _server.FindConnectionRowAsync(connectionId))!.Credentials;
        var at = await _server.Client.RequestAsync("PUT", path + "/authorization", AuthorizationMap(bound, limit));

        var error = await over.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains(limit.ToString(CultureInfo.InvariantCulture), error.Error(), StringComparison.Ordinal);
        Assert.Equal("PendingAuth", after["status"].Str());
        Assert.Null(credentialsAfter);
        Assert.NotEqual(before, at.ETag());
        Assert.Equal("Linked", (await at.ReadObjectAsync(HttpStatusCode.OK))["status"].Str());
    }

    public static TheoryData<string, string> DeeplyNestedBodies
    {
        get
        {
            var routes = new[]
            {
                "POST /companies", "PUT /companies/{company}", "PATCH /companies/{company}", "POST /companies/{company}/connections",
                "PATCH /companies/{company}/connections/{connection}", "PUT /companies/{company}/connections/{connection}/authorization",
            };
            var bodies = new[]
            {
                new string('[', 100) + new string(']', 100),
                string.Concat(Enumerable.Repeat("""{"a":""", 100)) + "1" + new string('}', 100),
                """{"name":"Nested","tags":""" + string.Concat(Enumerable.Repeat("""{"a":""", 100)) + "\"v\"" + new string('}', 101),
                """{"accessToken":""" + new string('[', 5000),
            };
            var data = new TheoryData<string, string>();
            foreach (var route in routes)
            {
                foreach (var body in bodies)
                {
                    data.Add(route, body);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(DeeplyNestedBodies))]
    public async Task Body_NestedTooDeeply_Returns400AndChangesNothing(string route, string body)
    {
        var tenant = await _server.NewTenantAsync();
        var (companyId, connectionId) = await tenant.Client.CreateLinkedConnectionAsync();
        var before = await SnapshotAsync(tenant.Client, companyId, connectionId);
        var parts = route.Split(' ');
        var path = parts[1].Replace("{company}", companyId, StringComparison.Ordinal).Replace("{connection}", connectionId, StringComparison.Ordinal);

        var response = await tenant.Client.RequestAsync(parts[0], path, body);

        await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await SnapshotAsync(tenant.Client, companyId, connectionId));
    }

    /// <summary>A valid company body of exactly <paramref name="size"/> bytes (JSON whitespace pads it).</summary>
    private static HttpContent CompanyBodyOfSize(int size, bool withContentLength)
    {
        const string start = """{"name":"Padded" """;
        var bytes = Encoding.UTF8.GetBytes(start + new string(' ', size - start.Length - 1) + "}");
        Assert.Equal(size, bytes.Length);
        HttpContent content = withContentLength ? new ByteArrayContent(bytes) : new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    private static string AuthorizationMap(string bound, int size) => bound switch
    {
        "entries" => "{" + string.Join(",", Enumerable.Range(0, size).Select(i => $"\"k{i}\":\"v\"")) + "}",
        "keyLength" => $$"""{"{{new string('k', size)}}":"v"}""",
        _ => $$"""{"k":"{{new string('v', size)}}"}""",
    };

    private static async Task<string> SnapshotAsync(HttpClient client, string companyId, string connectionId)
    {
        var company = await client.GetAsync($"/companies/{companyId}");
        var connection = await client.GetAsync($"/companies/{companyId}/connections/{connectionId}");
        return company.ETag() + await company.Content.ReadAsStringAsync() + connection.ETag() + await connection.Content.ReadAsStringAsync() +
            await client.GetStringAsync("/companies");
    }
}
