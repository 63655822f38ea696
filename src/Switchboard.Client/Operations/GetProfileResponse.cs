using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="ProfileClient.GetAsync"/>.
/// </summary>
public class GetProfileResponse : SwitchboardResponse
{
    /// <summary>The tenant's profile (its defaults when it never set one).</summary>
    public required Profile Profile { get; init; }
}
