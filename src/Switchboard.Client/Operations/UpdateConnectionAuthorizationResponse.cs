using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="ConnectionsClient.UpdateAuthorizationAsync"/>.
/// </summary>
public class UpdateConnectionAuthorizationResponse : SwitchboardResponse
{
    /// <summary>The connection, now <c>Linked</c>.</summary>
    public required Connection Connection { get; init; }
}
