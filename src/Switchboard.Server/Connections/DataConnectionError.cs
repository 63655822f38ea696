namespace Switchboard.Server.Connections;

/// <summary>The wire shape of a connection error (OpenAPI <c>DataConnectionError</c>).</summary>
public sealed record DataConnectionError(
    string? StatusCode,
    string? StatusText,
    string? ErrorMessage,
    DateTime ErroredOnUtc,
    DataConnectionErrorStatus Status,
    DateTime? ResolvedOnUtc);

public enum DataConnectionErrorStatus
{
    Active,
    Resolved,
}
