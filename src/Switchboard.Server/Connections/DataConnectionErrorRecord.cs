namespace Switchboard.Server.Connections;

/// <summary>A problem the platform reported for a connection, stored with the connection as JSON.</summary>
public sealed class DataConnectionErrorRecord
{
    public string? StatusCode { get; set; }
    public string? StatusText { get; set; }
    public string? ErrorMessage { get; set; }
    public DateTime ErroredOnUtc { get; set; }
    public DateTime? ResolvedOnUtc { get; set; }
}
