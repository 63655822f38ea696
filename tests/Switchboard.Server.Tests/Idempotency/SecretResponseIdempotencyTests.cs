using System.Net;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Idempotency;

/// <summary>
/// An answer that carries a secret shown only once (<c>POST /apiKeys</c>) is never stored by idempotency: a repeat with
/// the same key and body answers 409 naming the key already created, and creates nothing.
/// </summary>
public sealed class SecretResponseIdempotencyTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly SwitchboardTestServer _server = shared.Server;

    [Fact]
    public async Task CreateApiKey_RepeatedWithTheSameIdempotencyKey_Returns409NamingTheCreatedKeyWithoutItsValue()
    {
        var tenant = await _server.CreateTenantClientAsync();
        var idempotencyKey = Guid.NewGuid().ToString();
        var created = await (await PostAsync(tenant, idempotencyKey)).ReadObjectAsync(HttpStatusCode.Created);

        var repeat = await PostAsync(tenant, idempotencyKey);

        // A replay, so its body (correlation id included) is the one recorded by the first request.
        var error = await repeat.ReadObjectAsync(HttpStatusCode.Conflict);
        Assert.Equal(409, error["statusCode"]!.GetValue<int>());
        Assert.Contains(created["id"].Str(), error.Error(), StringComparison.Ordinal);
        Assert.Contains("already created", error.Error(), StringComparison.Ordinal);
        Assert.DoesNotContain(created["apiKey"].Str(), await repeat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("true", Assert.Single(repeat.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(2, (await tenant.GetObjectAsync("/apiKeys"))["results"]!.AsArray().Count);
    }

    [Fact]
    public async Task CreateApiKey_RefusedUnderAnIdempotencyKey_ReplaysTheRefusal()
    {
        var tenant = await _server.CreateTenantClientAsync();
        var idempotencyKey = Guid.NewGuid().ToString();
        var tooLong = $$"""{"name":"{{new string('n', 51)}}"}""";
        var first = await (await PostAsync(tenant, idempotencyKey, tooLong)).ReadErrorAsync(HttpStatusCode.BadRequest);

        var repeat = await PostAsync(tenant, idempotencyKey, tooLong);

        Assert.Equal(first.ToJsonString(), (await repeat.ReadObjectAsync(HttpStatusCode.BadRequest)).ToJsonString());
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string idempotencyKey, string body = """{"name":"ci"}""")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/apiKeys") { Content = Api.Json(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }
}
