using Switchboard.Server.Common;

namespace Switchboard.Server.Connections;

internal static class ConnectionMapping
{
    public static Connection ToConnection(this ConnectionEntity entity, PublicUrls urls) => new()
    {
        Id = entity.Id,
        IntegrationId = entity.IntegrationId,
        IntegrationKey = entity.IntegrationKey,
        SourceId = entity.SourceId,
        SourceType = entity.SourceType,
        PlatformName = entity.PlatformName,
        LinkUrl = urls.ConnectionLink(entity),
        Status = entity.Status,
        LastSync = entity.LastSync,
        Created = entity.Created,
        DataConnectionErrors = entity.Errors.Count == 0 ? null : [.. entity.Errors.Select(e => e.ToWire(entity.Authorized))],
        ConnectionInfo = Connections.ConnectionInfo.For(entity),
    };

    /// <summary>An error is resolved once the connection has been authorized again after it happened.</summary>
    private static DataConnectionError ToWire(this DataConnectionErrorRecord error, DateTime? authorized)
    {
        var resolved = error.ResolvedOnUtc ?? (authorized > error.ErroredOnUtc ? authorized : null);
        return new DataConnectionError(
            error.StatusCode,
            error.StatusText,
            error.ErrorMessage,
            error.ErroredOnUtc,
            resolved is null ? DataConnectionErrorStatus.Active : DataConnectionErrorStatus.Resolved,
            resolved);
    }
}
