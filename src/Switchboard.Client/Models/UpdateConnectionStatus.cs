namespace Switchboard.Client.Models;

/// <summary>
/// The body of the unlink operation.
/// </summary>
public class UpdateConnectionStatus
{
    /// <summary>The status to move the connection to; only <see cref="DataConnectionStatus.Unlinked"/> is accepted.</summary>
    public DataConnectionStatus? Status { get; set; } = DataConnectionStatus.Unlinked;
}
