namespace Switchboard.Client.Operations;

/// <summary>
/// The result of <see cref="ConnectionsClient.DeleteAsync"/>.
/// </summary>
public class DeleteConnectionResponse : SwitchboardResponse;
