namespace Switchboard.Server.Paging;

/// <summary>
/// The query-string parameters every list endpoint takes, bound as text so that a bad value gets a
/// message naming the parameter instead of the framework's generic binding failure.
/// </summary>
/// <remarks>
/// Settable properties rather than a positional record: the request delegate generator emits
/// <c>typeof(string?)</c> for a nullable constructor parameter, which does not compile.
/// </remarks>
public sealed class ListParameters
{
    public string? Page { get; init; }

    public string? PageSize { get; init; }

    public string? Query { get; init; }

    public string? OrderBy { get; init; }
}
