using Microsoft.AspNetCore.Mvc;

namespace Switchboard.Server.Paging;

/// <summary>
/// The query-string parameters every list endpoint takes, bound as text so that a bad value gets a
/// message naming the parameter instead of the framework's generic binding failure.
/// </summary>
/// <remarks>
/// Settable properties rather than a positional record: the request delegate generator emits
/// <c>typeof(string?)</c> for a nullable constructor parameter, which does not compile.
/// Named in camelCase, as Codat names them, for the OpenAPI document (binding ignores case either way).
/// </remarks>
public sealed class ListParameters
{
    [FromQuery(Name = "page")]
    public string? Page { get; init; }

    [FromQuery(Name = "pageSize")]
    public string? PageSize { get; init; }

    [FromQuery(Name = "query")]
    public string? Query { get; init; }

    [FromQuery(Name = "orderBy")]
    public string? OrderBy { get; init; }
}
