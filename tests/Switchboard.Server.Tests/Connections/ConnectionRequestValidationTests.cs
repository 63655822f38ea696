using System.Net;
using Switchboard.Server.Connections;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Connections;

/// <summary>
/// Bad input to the Connections operations: each is a 400 (or 404) ErrorMessage that says what was wrong,
/// never a 500, and changes nothing.
/// </summary>
public sealed class ConnectionRequestValidationTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly SwitchboardTestServer _server = shared.Server;

    [Theory]
    [InlineData("zzzz")]
    [InlineData("GBOL")]
    [InlineData("gbo")]
    [InlineData("gbol1")]
    [InlineData("gb0l")]
    [InlineData("gb l")]
    [InlineData("../etc")]
    public async Task Create_UnknownOrMalformedPlatformKey_Returns400NamingTheKey(string platformKey)
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();

        var response = await _server.Client.SendAsync(HttpMethod.Post, $"/companies/{companyId}/connections",
            System.Text.Json.JsonSerializer.Serialize(new { platformKey }));

        var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains($"'{platformKey}'", error.Error(), StringComparison.Ordinal);
        Assert.Equal("platformKey", error["validation"]!["errors"]![0]!["itemId"].Str());
        await AssertNoConnectionsAsync(companyId);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"platformKey":""}""")]
    [InlineData("""{"platformKey":null}""")]
    public async Task Create_WithoutPlatformKey_Returns400SayingItIsRequired(string body)
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();

        var response = await _server.Client.SendAsync(HttpMethod.Post, $"/companies/{companyId}/connections", body);

        var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("platformKey", error.Error(), StringComparison.Ordinal);
        Assert.Contains("required", error.Error(), StringComparison.Ordinal);
        await AssertNoConnectionsAsync(companyId);
    }

    [Theory]
    [InlineData("""{"platformKey":5}""", "platformKey")]
    [InlineData("""{"platformKey":true}""", "platformKey")]
    [InlineData("""{"platformKey":["gbol"]}""", "platformKey")]
    [InlineData("""{"platformKey":{"key":"gbol"}}""", "platformKey")]
    public async Task Create_PlatformKeyOfTheWrongType_Returns400NamingTheField(string body, string field)
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();

        var response = await _server.Client.SendAsync(HttpMethod.Post, $"/companies/{companyId}/connections", body);

        var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains($"'{field}'", error.Error(), StringComparison.Ordinal);
        Assert.Contains("wrong type", error.Error(), StringComparison.Ordinal);
        await AssertNoConnectionsAsync(companyId);
    }

    [Fact]
    public async Task Create_ForUnknownCompany_Returns404()
    {
        var response = await _server.Client.SendAsync(HttpMethod.Post, $"/companies/{Guid.NewGuid()}/connections", """{"platformKey":"gbol"}""");

        var error = await response.ReadErrorAsync(HttpStatusCode.NotFound);
        Assert.Contains("Company", error.Error(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ForUnknownCompany_Returns404()
    {
        var response = await _server.Client.GetAsync($"/companies/{Guid.NewGuid()}/connections");

        await response.ReadErrorAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    [InlineData("PUT")]
    public async Task AnyOperation_OnUnknownConnection_Returns404(string method)
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var path = $"/companies/{companyId}/connections/{Guid.NewGuid()}";

        var response = method switch
        {
            "PUT" => await _server.Client.SendAsync(HttpMethod.Put, path + "/authorization", """{"accessToken":"a","refreshToken":"r"}"""),
            "PATCH" => await _server.Client.SendAsync(HttpMethod.Patch, path, """{"status":"Unlinked"}"""),
            _ => await _server.Client.SendAsync(new HttpMethod(method), path),
        };

        var error = await response.ReadErrorAsync(HttpStatusCode.NotFound);
        Assert.Contains("Connection", error.Error(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAuthorization_MissingBothRequiredKeys_Returns400NamingThem()
    {
        var (companyId, id) = await PendingConnectionAsync("gbol");

        var response = await _server.Client.AuthorizeAsync(companyId, id, new Dictionary<string, string> { ["somethingElse"] = "x" });

        var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("accessToken", error.Error(), StringComparison.Ordinal);
        Assert.Contains("refreshToken", error.Error(), StringComparison.Ordinal);
        var itemIds = error["validation"]!["errors"]!.AsArray().Select(e => e!["itemId"].Str()).Order(StringComparer.Ordinal);
        Assert.Equal(["accessToken", "refreshToken"], itemIds);
        await AssertStillPendingAsync(id);
    }

    [Fact]
    public async Task UpdateAuthorization_MissingOneRequiredKey_Returns400NamingOnlyThatKey()
    {
        var (companyId, id) = await PendingConnectionAsync("gbol");

        var response = await _server.Client.AuthorizeAsync(companyId, id, new Dictionary<string, string> { ["accessToken"] = "a" });

        var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("refreshToken", error.Error(), StringComparison.Ordinal);
        Assert.DoesNotContain("accessToken", error.Error(), StringComparison.Ordinal);
        await AssertStillPendingAsync(id);
    }

    [Fact]
    public async Task UpdateAuthorization_EmptyValueForARequiredKey_Returns400NamingIt()
    {
        var (companyId, id) = await PendingConnectionAsync("gbol");

        var response = await _server.Client.AuthorizeAsync(companyId, id, new Dictionary<string, string> { ["accessToken"] = string.Empty, ["refreshToken"] = "r" });

        var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("accessToken", error.Error(), StringComparison.Ordinal);
        await AssertStillPendingAsync(id);
    }

    [Theory]
    [InlineData("""{"accessToken":5,"refreshToken":"r"}""", "accessToken")]
    [InlineData("""{"accessToken":"a","refreshToken":true}""", "refreshToken")]
    [InlineData("""{"accessToken":{"nested":"a"},"refreshToken":"r"}""", "accessToken")]
    [InlineData("""{"accessToken":["a"],"refreshToken":"r"}""", "accessToken")]
    [InlineData("""{"accessToken":null,"refreshToken":"r"}""", "accessToken")]
    public async Task UpdateAuthorization_ValueThatIsNotAString_Returns400NamingTheKey(string body, string key)
    {
        var (companyId, id) = await PendingConnectionAsync("gbol");

        var response = await _server.Client.SendAsync(HttpMethod.Put, $"/companies/{companyId}/connections/{id}/authorization", body);

        var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains($"'{key}'", error.Error(), StringComparison.Ordinal);
        await AssertStillPendingAsync(id);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"accessToken\"")]
    [InlineData("42")]
    public async Task UpdateAuthorization_BodyThatIsNotAnObject_Returns400(string body)
    {
        var (companyId, id) = await PendingConnectionAsync("mqjo");

        var response = await _server.Client.SendAsync(HttpMethod.Put, $"/companies/{companyId}/connections/{id}/authorization", body);

        var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("object", error.Error(), StringComparison.Ordinal);
        await AssertStillPendingAsync(id);
    }

    [Fact]
    public async Task UpdateAuthorization_TooManyEntries_Returns400()
    {
        var (companyId, id) = await PendingConnectionAsync("mqjo");
        var credentials = Enumerable.Range(0, 101).ToDictionary(i => $"key{i}", i => "v");

        var error = await (await _server.Client.AuthorizeAsync(companyId, id, credentials)).ReadErrorAsync(HttpStatusCode.BadRequest);

        Assert.Contains("101", error.Error(), StringComparison.Ordinal);
        await AssertStillPendingAsync(id);
    }

    [Fact]
    public async Task UpdateAuthorization_OverlongKeyOrValue_Returns400()
    {
        var (companyId, id) = await PendingConnectionAsync("mqjo");

        var longKey = await _server.Client.AuthorizeAsync(companyId, id, new Dictionary<string, string> { [new string('k', 257)] = "v" });
        var longValue = await _server.Client.AuthorizeAsync(companyId, id, new Dictionary<string, string> { ["apiKey"] = new string('v', 8193) });
        var emptyKey = await _server.Client.AuthorizeAsync(companyId, id, new Dictionary<string, string> { [string.Empty] = "v" });

        await longKey.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("'apiKey'", (await longValue.ReadErrorAsync(HttpStatusCode.BadRequest)).Error(), StringComparison.Ordinal);
        await emptyKey.ReadErrorAsync(HttpStatusCode.BadRequest);
        await AssertStillPendingAsync(id);
    }

    [Fact]
    public async Task UpdateAuthorization_ExtraKeysBeyondTheRequiredOnes_AreAccepted()
    {
        var (companyId, id) = await PendingConnectionAsync("gbol");

        var response = await _server.Client.AuthorizeAsync(companyId, id,
            new Dictionary<string, string> { ["accessToken"] = "a", ["refreshToken"] = "r", ["tenantId"] = "t" });

        var linked = await response.ReadObjectAsync(HttpStatusCode.OK);
        Assert.Contains("tenantId", linked["connectionInfo"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"status":5}""")]
    [InlineData("""{"status":true}""")]
    [InlineData("""{"status":["Unlinked"]}""")]
    public async Task Unlink_StatusOfTheWrongType_Returns400NamingTheField(string body)
    {
        var (companyId, id) = await LinkedConnectionAsync();

        var error = await (await _server.Client.UnlinkAsync(companyId, id, body)).ReadErrorAsync(HttpStatusCode.BadRequest);

        Assert.Contains("'status'", error.Error(), StringComparison.Ordinal);
        Assert.Equal(DataConnectionStatus.Linked, (await _server.FindConnectionRowAsync(id))!.Status);
    }

    [Theory]
    [InlineData("Flying")]
    [InlineData("unlinked")]
    [InlineData("1")]
    [InlineData("")]
    public async Task Unlink_UnknownStatusValue_Returns400NamingTheValue(string status)
    {
        var (companyId, id) = await LinkedConnectionAsync();

        var error = await (await _server.Client.UnlinkAsync(companyId, id, $$"""{"status":"{{status}}"}""")).ReadErrorAsync(HttpStatusCode.BadRequest);

        Assert.Contains($"'{status}'", error.Error(), StringComparison.Ordinal);
        Assert.Equal(DataConnectionStatus.Linked, (await _server.FindConnectionRowAsync(id))!.Status);
    }

    private async Task<(string CompanyId, string ConnectionId)> PendingConnectionAsync(string platformKey)
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        return (companyId, (await _server.Client.CreateConnectionAsync(companyId, platformKey)).Id());
    }

    private async Task<(string CompanyId, string ConnectionId)> LinkedConnectionAsync()
    {
        var (companyId, id) = await PendingConnectionAsync("gbol");
        (await _server.Client.AuthorizeAsync(companyId, id)).EnsureSuccessStatusCode();
        return (companyId, id);
    }

    private async Task AssertStillPendingAsync(string connectionId)
    {
        var row = await _server.FindConnectionRowAsync(connectionId);
        Assert.Equal(DataConnectionStatus.PendingAuth, row!.Status);
        Assert.Null(row.Credentials);
    }

    private async Task AssertNoConnectionsAsync(string companyId) =>
        Assert.Equal(0, (await _server.Client.GetObjectAsync($"/companies/{companyId}/connections"))["totalResults"]!.GetValue<int>());
}
