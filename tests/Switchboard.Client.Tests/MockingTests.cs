using Switchboard.Client.Models;
using Switchboard.Client.Operations;

namespace Switchboard.Client.Tests;

public class MockingTests
{
    private sealed class FakeConnections : ConnectionsClient
    {
        public override Task<GetConnectionResponse> GetAsync(
            GetConnectionRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GetConnectionResponse
            {
                StatusCode = 200,
                Connection = new Connection { Id = request.ConnectionId, Status = DataConnectionStatus.Linked },
            });

        public override Task<ListConnectionsResponse> ListAsync(
            ListConnectionsRequest request, RetryConfig? retries = null, RequestOptions? options = null, CancellationToken cancellationToken = default)
        {
            var page = request.Page ?? 1;
            var connections = new Connections
            {
                PageNumber = page,
                Results = [new Connection { Id = $"c{page}" }],
                Links = new Links { Next = page < 3 ? new HalRef { Href = $"/companies/x/connections?page={page + 1}" } : null },
            };
            return Task.FromResult(new ListConnectionsResponse { StatusCode = 200, Connections = connections });
        }
    }

    private sealed class FakeClient : SwitchboardClient
    {
        public override ConnectionsClient Connections { get; } = new FakeConnections();
    }

    [Fact]
    public async Task ClientAndSubClients_CanBeReplacedByOverrides()
    {
        SwitchboardClient client = new FakeClient();

        var response = await client.Connections.GetAsync(
            new GetConnectionRequest { CompanyId = "x", ConnectionId = "y" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("y", response.Connection.Id);
        Assert.Null(response.RawResponse);
    }

    [Fact]
    public async Task ListAll_UsesTheOverriddenListAsync()
    {
        SwitchboardClient client = new FakeClient();
        var ids = new List<string>();

        await foreach (var connection in client.Connections.ListAllAsync(
            new ListConnectionsRequest { CompanyId = "x" }, cancellationToken: TestContext.Current.CancellationToken))
        {
            ids.Add(connection.Id);
        }

        Assert.Equal(["c1", "c2", "c3"], ids);
    }

    [Fact]
    public async Task MethodNotOverridden_OnAMock_ThrowsAClearError()
    {
        var connections = new FakeConnections();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => connections.DeleteAsync(
            new DeleteConnectionRequest { CompanyId = "x", ConnectionId = "y" }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("mocking", error.Message, StringComparison.Ordinal);
    }
}
