namespace Switchboard.Server.Connections;

/// <summary>Where a connection is in its lifecycle (OpenAPI <c>DataConnectionStatus</c>).</summary>
public enum DataConnectionStatus
{
    PendingAuth,
    Linked,
    Unlinked,
    Deauthorized,
}
