namespace Switchboard.Client.Models;

/// <summary>
/// A page of companies.
/// </summary>
public class Companies : PagingInfo
{
    /// <summary>The companies on this page.</summary>
    public IList<Company> Results { get; set; } = [];
}
