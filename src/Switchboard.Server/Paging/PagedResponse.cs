using System.Text.Json.Serialization;

namespace Switchboard.Server.Paging;

/// <summary>One page of a list (OpenAPI <c>PagingInfo</c> with <c>results</c>).</summary>
public sealed record PagedResponse<T>(
    IReadOnlyList<T> Results,
    int PageNumber,
    int PageSize,
    int TotalResults,
    [property: JsonPropertyName("_links")] PageLinks Links);

public sealed record PageLinks(HalRef Self, HalRef Current, HalRef? Next, HalRef? Previous);

public sealed record HalRef(string Href);
