using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>Small steps tests repeat: create a company or connection, authorize, read JSON, check an error.</summary>
public static class Api
{
    public static async Task<JsonObject> CreateCompanyAsync(this HttpClient client, string name = "Acme Ltd")
    {
        var response = await client.PostAsJsonAsync("/companies", new { name });
        return await response.ReadObjectAsync(HttpStatusCode.OK);
    }

    public static async Task<string> CreateCompanyIdAsync(this HttpClient client, string name = "Acme Ltd") =>
        (await client.CreateCompanyAsync(name))["id"]!.GetValue<string>();

    public static async Task<JsonObject> CreateConnectionAsync(this HttpClient client, string companyId, string platformKey = "gbol")
    {
        var response = await client.PostAsJsonAsync($"/companies/{companyId}/connections", new { platformKey });
        return await response.ReadObjectAsync(HttpStatusCode.OK);
    }

    public static async Task<HttpResponseMessage> AuthorizeAsync(this HttpClient client, string companyId, string connectionId, object? credentials = null) =>
        await client.PutAsJsonAsync(
            $"/companies/{companyId}/connections/{connectionId}/authorization",
            credentials ?? new Dictionary<string, string> { ["accessToken"] = "token-a", ["refreshToken"] = "token-r" });

    public static Task<HttpResponseMessage> UnlinkAsync(this HttpClient client, string companyId, string connectionId, string body = """{"status":"Unlinked"}""") =>
        client.PatchAsync($"/companies/{companyId}/connections/{connectionId}", Json(body));

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var body = JsonNode.Parse(text)!.AsObject();
        WireAssert.NoNulls(body);
        WireAssert.TimestampsAreUtc(body);
        return body;
    }

    public static async Task<JsonObject> GetObjectAsync(this HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.GetAsync(path)).ReadObjectAsync(expected);

    /// <summary>Sends any method with an optional raw JSON body.</summary>
    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        return await client.SendAsync(request);
    }

    public static string Id(this JsonObject resource) => resource["id"]!.GetValue<string>();

    /// <summary>
    /// Asserts the response is an <c>ErrorMessage</c> with this status, a correlation id equal to the response
    /// header, and no trace of the server's internals; returns the body for further checks.
    /// </summary>
    public static async Task<JsonObject> ReadErrorAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.ReadObjectAsync(expected);
        Assert.Equal((int)expected, body["statusCode"]!.GetValue<int>());
        Assert.Equal("PublicApi", body["service"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(body["error"]!.GetValue<string>()));
        var correlationId = body["correlationId"]!.GetValue<string>();
        Assert.Equal(correlationId, Assert.Single(response.Headers.GetValues("X-Correlation-Id")));
        Assert.NotNull(body["canBeRetried"]);
        Assert.Equal(0, body["detailedErrorCode"]!.GetValue<int>());
        var text = body.ToJsonString();
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Switchboard.Server", text, StringComparison.Ordinal);
        return body;
    }

    public static string Error(this JsonObject errorBody) => errorBody["error"]!.GetValue<string>();

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);
}
