namespace Switchboard.Server.Paging;

/// <summary>
/// The query-string parameters every list endpoint takes, bound as text so that a bad value gets a
/// message naming the parameter instead of the framework's generic binding failure.
/// </summary>
public sealed record ListParameters(string? Page, string? PageSize, string? Query, string? OrderBy);
