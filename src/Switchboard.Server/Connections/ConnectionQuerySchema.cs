using Switchboard.Query;

namespace Switchboard.Server.Connections;

/// <summary>What <c>query</c> and <c>orderBy</c> may name on connections: the wire fields, by their JSON names.</summary>
internal static class ConnectionQuerySchema
{
    public static readonly QuerySchema<ConnectionEntity> Instance = Create();

    internal static QuerySchema<ConnectionEntity> Create() => new QuerySchema<ConnectionEntity>("Connection")
        .Property("id", c => c.Id)
        .Property("integrationId", c => c.IntegrationId)
        .Property("integrationKey", c => c.IntegrationKey)
        .Property("sourceId", c => c.SourceId)
        .Property("sourceType", c => c.SourceType)
        .Property("platformName", c => c.PlatformName)
        .Property("status", c => c.Status)
        .Property("lastSync", c => c.LastSync)
        .Property("created", c => c.Created)
        // Not a wire field, but Codat accepts it and the SDK document orders by it.
        .Property("modifiedDate", c => c.Modified)
        .DefaultOrder("created", "id");
}
