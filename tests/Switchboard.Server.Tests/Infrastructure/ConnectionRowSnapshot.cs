using Switchboard.Server.Connections;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>What a connection row holds that any change would alter, comparable by value.</summary>
public sealed record ConnectionRowSnapshot(DataConnectionStatus Status, long Version, DateTime Modified, string? Credentials, string? CredentialKeyId)
{
    public static ConnectionRowSnapshot? From(ConnectionEntity? row) => row is null
        ? null
        : new(row.Status, row.Version, row.Modified, row.Credentials is null ? null : Convert.ToHexString(row.Credentials), row.CredentialKeyId);
}
