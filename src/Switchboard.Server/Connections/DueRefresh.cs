namespace Switchboard.Server.Connections;

/// <summary>A connection whose token refresh is due, and the platform whose token endpoint it goes to.</summary>
internal sealed record DueRefresh(ConnectionKey Key, string PlatformKey);
