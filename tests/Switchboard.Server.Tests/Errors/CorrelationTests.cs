using System.Net;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Errors;

/// <summary>
/// A caller quoting an error's correlationId can find the request: the id is in the body, in the
/// <c>X-Correlation-Id</c> header, and in the server's log line for that request.
/// </summary>
public sealed class CorrelationTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly SwitchboardTestServer _server = shared.Server;

    public static TheoryData<string, string, string?, bool, int> FailingRequests => new()
    {
        { "POST", "/companies/{company}/connections", """{"platformKey":"zzzz"}""", true, 400 },
        { "POST", "/companies", "{", true, 400 },
        { "GET", "/companies/not-a-guid", null, true, 400 },
        { "GET", "/companies?page=0", null, true, 400 },
        { "GET", "/companies/{company}/connections?query=colour%3Dred", null, true, 400 },
        { "GET", "/companies", null, false, 401 },
        { "GET", "/companies/8a210b68-6988-11ed-a1eb-0242ac120002", null, true, 404 },
        { "GET", "/nothing-here", null, true, 404 },
        { "DELETE", "/companies", null, true, 405 },
        { "PATCH", "/companies/{company}/connections/{connection}", """{"status":"Unlinked"}""", true, 409 },
        { "POST", "/companies", $$"""{"name":"{{new string('a', 70 * 1024)}}"}""", true, 413 },
    };

    [Theory]
    [MemberData(nameof(FailingRequests))]
    public async Task Error_CorrelationIdMatchesTheHeaderAndALogLineOfThatRequest(string method, string path, string? body, bool authenticated, int expected)
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var connectionId = (await _server.Client.CreateConnectionAsync(companyId)).Id();
        using var client = _server.CreateClient(authenticated ? _server.ApiKey : null);
        path = path.Replace("{company}", companyId, StringComparison.Ordinal).Replace("{connection}", connectionId, StringComparison.Ordinal);

        var response = await client.SendAsync(new HttpMethod(method), path, body);

        var error = await response.ReadErrorAsync((HttpStatusCode)expected);
        var correlationId = error["correlationId"].Str();
        Assert.False(string.IsNullOrWhiteSpace(correlationId));
        var lines = _server.Logs.Lines.Where(l => l.Contains(correlationId, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        Assert.Contains(lines, l => l.Contains(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryRequest_GetsItsOwnCorrelationId()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 5; i++)
        {
            var response = await _server.Client.GetAsync("/companies/not-a-guid");
            Assert.True(ids.Add((await response.ReadErrorAsync(HttpStatusCode.BadRequest))["correlationId"].Str()));
        }

        var success = await _server.Client.GetAsync("/integrations/gbol");
        Assert.True(ids.Add(Assert.Single(success.Headers.GetValues("X-Correlation-Id"))));
    }
}
