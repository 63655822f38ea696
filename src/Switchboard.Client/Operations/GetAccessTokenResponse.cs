using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="ConnectionsClient.GetAccessTokenAsync"/>.
/// </summary>
public class GetAccessTokenResponse : SwitchboardResponse
{
    /// <summary>The connection's current access token.</summary>
    public required AccessToken AccessToken { get; init; }
}
