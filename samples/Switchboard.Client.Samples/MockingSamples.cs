using Switchboard.Client.Models;
using Switchboard.Client.Operations;

namespace Switchboard.Client.Samples;

/// <summary>
/// The mocking example of docs/sdk/README.md.
/// </summary>
public static class MockingSamples
{
    #region mocking
    // Every operation is virtual and every client has a protected constructor, so a test can replace them.
    public sealed class FakeConnections : ConnectionsClient
    {
        public override Task<GetConnectionResponse> GetAsync(
            GetConnectionRequest request,
            RetryConfig? retries = null,
            RequestOptions? options = null,
            CancellationToken cancellationToken = default) =>
            Task.FromResult(new GetConnectionResponse
            {
                StatusCode = 200,
                Connection = new Connection { Id = request.ConnectionId, Status = DataConnectionStatus.Linked },
            });
    }

    public sealed class FakeSwitchboard : SwitchboardClient
    {
        public override ConnectionsClient Connections { get; } = new FakeConnections();
    }
    #endregion
}
