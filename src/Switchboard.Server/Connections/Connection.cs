using Switchboard.Server.Integrations;

namespace Switchboard.Server.Connections;

/// <summary>The wire shape of a connection (OpenAPI <c>Connection</c>); absent values are omitted, not null.</summary>
public sealed record Connection
{
    public required Guid Id { get; init; }
    public required Guid IntegrationId { get; init; }
    public required string IntegrationKey { get; init; }
    public required Guid SourceId { get; init; }
    public required SourceType SourceType { get; init; }
    public required string PlatformName { get; init; }
    public required string LinkUrl { get; init; }
    public required DataConnectionStatus Status { get; init; }
    public DateTime? LastSync { get; init; }
    public required DateTime Created { get; init; }
    public IReadOnlyList<DataConnectionError>? DataConnectionErrors { get; init; }
    public IReadOnlyDictionary<string, string>? ConnectionInfo { get; init; }
}
