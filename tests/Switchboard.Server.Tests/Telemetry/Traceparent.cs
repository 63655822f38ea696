using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>Requests that arrive with a caller's W3C <c>traceparent</c>.</summary>
public static class Traceparent
{
    /// <summary>The caller's span id every such request names.</summary>
    public const string ParentSpanId = "00f067aa0ba902b7";

    /// <summary>
    /// GET <paramref name="path"/> as the bootstrap tenant (or with no API key), with a <c>traceparent</c> of <paramref name="traceId"/> sent
    /// as given: HttpClient would otherwise replace it with its own span's whenever something in this process listens.
    /// </summary>
    public static async Task<HttpResponseMessage> GetAsync(SwitchboardTestServer server, string path, string traceId, bool sampled = true, bool authenticated = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{traceId}-{ParentSpanId}-{(sampled ? "01" : "00")}");
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = authenticated ? server.Client.DefaultRequestHeaders.Authorization : null;
        return await client.SendAsync(request);
    }
}
