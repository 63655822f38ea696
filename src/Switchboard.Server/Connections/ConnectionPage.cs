namespace Switchboard.Server.Connections;

/// <summary>A page of connections and how many match in all.</summary>
internal sealed record ConnectionPage(List<ConnectionEntity> Rows, int Total);
