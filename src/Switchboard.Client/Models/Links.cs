namespace Switchboard.Client.Models;

/// <summary>
/// Hypertext links of a page of results.
/// </summary>
public class Links
{
    /// <summary>The list's path, without a query string.</summary>
    public HalRef? Self { get; set; }

    /// <summary>This page: the list's path with its paging, query and ordering.</summary>
    public HalRef? Current { get; set; }

    /// <summary>The next page; absent on the last page.</summary>
    public HalRef? Next { get; set; }

    /// <summary>The previous page; absent on the first page.</summary>
    public HalRef? Previous { get; set; }
}
