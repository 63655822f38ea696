namespace Switchboard.Client.Operations;

/// <summary>
/// The paging, filtering and ordering parameters every list operation takes.
/// </summary>
public abstract class ListRequest
{
    /// <summary>The page to read, from 1. The server's default is 1.</summary>
    public int? Page { get; set; }

    /// <summary>The number of results per page, from 1 to 5000. The server's default is 100.</summary>
    public int? PageSize { get; set; }

    /// <summary>
    /// A filter in the Codat query language, for example <c>status=Linked&amp;&amp;sourceType=Accounting</c>.
    /// Sent URL-encoded; pass it as you would write it.
    /// </summary>
    public string? Query { get; set; }

    /// <summary>The property to order by, with a <c>-</c> prefix for descending order, for example <c>-created</c>.</summary>
    public string? OrderBy { get; set; }
}
