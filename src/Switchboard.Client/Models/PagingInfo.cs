using System.Text.Json.Serialization;

namespace Switchboard.Client.Models;

/// <summary>
/// The paging part of every list response.
/// </summary>
public abstract class PagingInfo
{
    /// <summary>The page number of this page (1 is the first).</summary>
    public int PageNumber { get; set; }

    /// <summary>The largest number of results a page holds.</summary>
    public int PageSize { get; set; }

    /// <summary>How many results match the query, over all pages.</summary>
    public int TotalResults { get; set; }

    /// <summary>Links to this page and its neighbours.</summary>
    [JsonPropertyName("_links")]
    public Links? Links { get; set; }
}
