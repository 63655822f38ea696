using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="ConnectionsClient.ListAsync"/>.
/// </summary>
public class ListConnectionsResponse : SwitchboardResponse
{
    /// <summary>The page of connections, with paging information and links.</summary>
    public required Connections Connections { get; init; }
}
