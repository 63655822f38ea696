namespace Switchboard.Client.Models;

/// <summary>
/// A page of connections.
/// </summary>
public class Connections : PagingInfo
{
    /// <summary>The connections on this page.</summary>
    public IList<Connection> Results { get; set; } = [];
}
