using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Tenancy;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>Requests with the headers the hardening features read (Idempotency-Key, If-Match), and fresh tenants.</summary>
public static class Requests
{
    public const string IdempotencyKey = "Idempotency-Key";
    public const string IfMatch = "If-Match";

    /// <summary>Sends <paramref name="method"/> to the raw <paramref name="path"/> with an optional JSON body and extra headers.</summary>
    public static async Task<HttpResponseMessage> RequestAsync(
        this HttpClient client, string method, string path, string? body = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            Assert.True(request.Headers.TryAddWithoutValidation(name, value), $"Could not add header {name}.");
        }

        return await client.SendAsync(request);
    }

    /// <summary>A new tenant with one API key, made the way an operator makes one.</summary>
    public static async Task<Tenant> NewTenantAsync(this SwitchboardTestServer server, string name = "Test tenant")
    {
        var (id, apiKey) = await server.Services.GetRequiredService<TenantAdministration>().CreateTenantAsync(name, CancellationToken.None);
        return new Tenant(id, apiKey, server.CreateClient(apiKey));
    }

    /// <summary>A company with one gbol connection authorized with a token pair (so Linked, with stored credentials).</summary>
    public static async Task<(string CompanyId, string ConnectionId)> CreateLinkedConnectionAsync(this HttpClient client, string? companyId = null)
    {
        companyId ??= await client.CreateCompanyIdAsync("Linked Ltd");
        var connectionId = (await client.CreateConnectionAsync(companyId)).Id();
        var authorized = await client.AuthorizeAsync(companyId, connectionId);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
        return (companyId, connectionId);
    }

    /// <summary>The response's ETag exactly as sent, or null.</summary>
    public static string? ETag(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("ETag", out var values) ? string.Join(",", values) : null;

    /// <summary>The single value of a response header, or null when absent.</summary>
    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? Assert.Single(values) : null;

    public static async Task<int> TotalResultsAsync(this HttpClient client, string listPath) =>
        (await client.GetObjectAsync(listPath))["totalResults"]!.GetValue<int>();
}
