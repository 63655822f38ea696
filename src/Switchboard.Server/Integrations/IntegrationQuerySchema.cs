using Switchboard.Query;

namespace Switchboard.Server.Integrations;

internal static class IntegrationQuerySchema
{
    public static readonly QuerySchema<IntegrationDefinition> Instance = new QuerySchema<IntegrationDefinition>("Integration")
        .Property("key", i => i.Key)
        .Property("name", i => i.Name)
        .Property("enabled", i => i.Enabled)
        .Property("sourceId", i => i.SourceId)
        .Property("sourceType", i => i.SourceType)
        .Property("integrationId", i => i.IntegrationId)
        .Property("isOfflineConnector", i => i.IsOfflineConnector)
        .Property("isBeta", i => i.IsBeta)
        .Property("dataProvidedBy", i => i.DataProvidedBy)
        .DefaultOrder("name", "key");
}
