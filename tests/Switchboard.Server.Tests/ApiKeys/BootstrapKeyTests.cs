using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.ApiKeys;

/// <summary>
/// <c>Switchboard__BootstrapApiKey</c> gives an empty database its first key; it is set on every node and every start,
/// so once the database has a tenant it must never add the key again (a deleted bootstrap key stays deleted).
/// </summary>
public sealed class BootstrapKeyTests
{
    [Fact]
    public async Task Restart_AfterTheBootstrapKeyWasDeleted_DoesNotCreateItAgain()
    {
        await using var server = await RestartableServer.StartAsync();
        var created = await (await server.Client.PostAsync("/apiKeys", Api.Json("""{"name":"replacement"}"""))).ReadObjectAsync(HttpStatusCode.Created);
        var replacement = created["apiKey"].Str();
        var bootstrapId = (await server.Client.GetObjectAsync("/apiKeys"))["results"]!.AsArray().Single(k => k!["name"].Str() == "bootstrap")!["id"].Str();
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(server, replacement, HttpMethod.Delete, $"/apiKeys/{bootstrapId}")).StatusCode);

        await server.RestartAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync("/apiKeys")).StatusCode);
        var keys = await (await SendAsync(server, replacement, HttpMethod.Get, "/apiKeys")).ReadObjectAsync(HttpStatusCode.OK);
        Assert.Equal(created["id"].Str(), Assert.Single(keys["results"]!.AsArray())!["id"].Str());
    }

    /// <summary>Sends with another key than the bootstrap one the server's client carries.</summary>
    private static async Task<HttpResponseMessage> SendAsync(RestartableServer server, string apiKey, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(apiKey)));
        return await server.Client.SendAsync(request);
    }
}
