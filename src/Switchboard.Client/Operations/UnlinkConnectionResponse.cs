using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="ConnectionsClient.UnlinkAsync"/>.
/// </summary>
public class UnlinkConnectionResponse : SwitchboardResponse
{
    /// <summary>The connection, now <c>Unlinked</c>.</summary>
    public required Connection Connection { get; init; }
}
