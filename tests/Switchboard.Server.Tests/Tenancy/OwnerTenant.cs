using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Tenancy;

/// <summary>The probed tenant: a described, tagged company with a Linked connection, and a second API key.</summary>
public sealed record OwnerTenant(HttpClient Client, string CompanyId, string ConnectionId, string SecondKeyId)
{
    public const string CompanyName = "Owner Ltd";

    /// <summary>Everything the owner can see of its data, with tags, plus the stored credentials of its connection.</summary>
    public async Task<string> SnapshotAsync(SwitchboardTestServer server)
    {
        var company = await Client.GetAsync($"/companies/{CompanyId}");
        var connection = await Client.GetAsync($"/companies/{CompanyId}/connections/{ConnectionId}");
        var row = await server.FindConnectionRowAsync(ConnectionId);
        return string.Join(
            "\n",
            $"{(int)company.StatusCode} {company.Headers.ETag} {await company.Content.ReadAsStringAsync()}",
            $"{(int)connection.StatusCode} {connection.Headers.ETag} {await connection.Content.ReadAsStringAsync()}",
            await Client.GetStringAsync($"/companies/{CompanyId}/connections"),
            await Client.GetStringAsync("/companies"),
            await Client.GetStringAsync("/apiKeys"),
            row?.Credentials is { } credentials ? Convert.ToBase64String(credentials) : "no credentials");
    }

    /// <summary>The owner's current ETag of what the template addresses (its connection, or else its company).</summary>
    public async Task<string> CurrentTagAsync(string template)
    {
        var path = template.Contains("{k}", StringComparison.Ordinal) ? $"/companies/{CompanyId}/connections/{ConnectionId}" : $"/companies/{CompanyId}";
        return (await Client.GetAsync(path)).Headers.ETag!.ToString();
    }
}
