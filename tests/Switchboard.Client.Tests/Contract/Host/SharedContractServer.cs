namespace Switchboard.Client.Tests.Contract.Host;

/// <summary>
/// One real server for all tests of a class (an <c>IClassFixture</c>). Each test still owns its data: it works as a
/// tenant of its own (<see cref="NewTenantAsync"/>), so it sees no other test's companies or connections.
/// </summary>
public sealed class SharedContractServer : IAsyncLifetime
{
    public ContractServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await ContractServer.StartAsync();

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A new tenant of the shared server, with an SDK client that uses its key.</summary>
    public async Task<Tenant> NewTenantAsync(RetryConfig? retries = null, RecordingHandler? handler = null)
    {
        var apiKey = await Server.CreateTenantApiKeyAsync();
        return new Tenant(Server, apiKey, Server.CreateClient(apiKey, retries, handler));
    }
}
