using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="ConnectionsClient.GetAsync"/>.
/// </summary>
public class GetConnectionResponse : SwitchboardResponse
{
    /// <summary>The connection.</summary>
    public required Connection Connection { get; init; }
}
