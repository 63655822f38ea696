namespace Switchboard.Client.Models;

/// <summary>
/// The body of the create connection operation.
/// </summary>
public class CreateConnectionRequestBody
{
    /// <summary>The platform key of the integration to connect, for example <c>gbol</c>.</summary>
    public required string PlatformKey { get; set; }
}
