using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="ConnectionsClient.CreateLinkAsync"/>.
/// </summary>
public class CreateLinkResponse : SwitchboardResponse
{
    /// <summary>The fresh link and when it expires.</summary>
    public required ConnectionLink ConnectionLink { get; init; }
}
