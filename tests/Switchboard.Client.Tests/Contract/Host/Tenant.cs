using Switchboard.Client.Models;

namespace Switchboard.Client.Tests.Contract.Host;

/// <summary>A tenant of a contract server: its API key and an SDK client authenticated with it.</summary>
public sealed record Tenant(ContractServer Server, string ApiKey, SwitchboardClient Sdk)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates a company through the SDK and returns it.</summary>
    public async Task<Company> CreateCompanyAsync(string name = "Toft stores", IDictionary<string, string>? tags = null, string? description = null) =>
        (await Sdk.Companies.CreateAsync(new CompanyRequestBody { Name = name, Description = description, Tags = tags }, cancellationToken: Ct)).Company;

    /// <summary>Creates a connection of <paramref name="companyId"/> to <paramref name="platformKey"/> through the SDK.</summary>
    public async Task<Connection> CreateConnectionAsync(string companyId, string platformKey = "gbol") =>
        (await Sdk.Connections.CreateAsync(
            new() { CompanyId = companyId, RequestBody = new() { PlatformKey = platformKey } }, cancellationToken: Ct)).Connection;

    /// <summary>Authorizes a connection with the values its integration needs (Xero's tokens, or none for the sandbox).</summary>
    public async Task<Connection> LinkAsync(string companyId, Connection connection) =>
        (await Sdk.Connections.UpdateAuthorizationAsync(
            new()
            {
                CompanyId = companyId,
                ConnectionId = connection.Id,
                RequestBody = connection.IntegrationKey == "gbol"
                    ? new Dictionary<string, string> { ["accessToken"] = "at-secret", ["refreshToken"] = "rt-secret" }
                    : new Dictionary<string, string>(),
            },
            cancellationToken: Ct)).Connection;

    /// <summary>A raw HTTP client with this tenant's key, for the server's test-only endpoints the SDK does not cover.</summary>
    public HttpClient CreateHttpClient() => Server.Server.CreateClient(ApiKey);
}
