using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="ConnectionsClient.CreateAsync"/>.
/// </summary>
public class CreateConnectionResponse : SwitchboardResponse
{
    /// <summary>The new connection, in status <c>PendingAuth</c>, with the <c>linkUrl</c> to authorize it.</summary>
    public required Connection Connection { get; init; }
}
