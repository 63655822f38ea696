using Switchboard.Client.Models;

namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="ProfileClient.UpdateAsync"/>.
/// </summary>
public class UpdateProfileResponse : SwitchboardResponse
{
    /// <summary>The profile as stored.</summary>
    public required Profile Profile { get; init; }
}
