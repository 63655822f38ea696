namespace Switchboard.Client.Models;

/// <summary>
/// A page of integrations.
/// </summary>
public class Integrations : PagingInfo
{
    /// <summary>The integrations on this page.</summary>
    public IList<Integration> Results { get; set; } = [];
}
