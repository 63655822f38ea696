using System.Data.Common;
using Switchboard.Server.Errors;
using Switchboard.Server.Persistence.Sql;

namespace Switchboard.Server.Connections;

/// <summary>
/// Reads single connections with <see cref="ConnectionRows"/>' statements: committed state on the
/// <see cref="ReadPool"/>, or inside a write transaction on its connection. It needs no EF Core context, so the
/// most frequent request (GET a connection) does not lease one.
/// </summary>
internal sealed class ConnectionReader(ReadPool reads, SqlDialect dialect)
{
    public const string NotFoundMessage = "Connection not found: no such connection exists for this company.";

    /// <summary>The connection, or a 404 <see cref="ApiException"/>.</summary>
    public async Task<ConnectionEntity> GetAsync(Guid tenantId, Guid companyId, Guid connectionId, CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        var command = lease.Command(ConnectionRows.SelectOne).BindKey(dialect, tenantId, companyId, connectionId);
        return await ReadOneAsync(command, cancellationToken) ?? throw ApiException.NotFound(NotFoundMessage);
    }

    /// <summary>The connection's platform key (it never changes), or a 404 <see cref="ApiException"/>.</summary>
    public async Task<string> GetIntegrationKeyAsync(Guid tenantId, Guid companyId, Guid connectionId, CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        var command = lease.Command(ConnectionRows.SelectIntegrationKey).BindKey(dialect, tenantId, companyId, connectionId);
        return (string?)await command.ExecuteScalarAsync(cancellationToken) ?? throw ApiException.NotFound(NotFoundMessage);
    }

    /// <summary>Runs a statement that returns <see cref="ConnectionRows"/>' columns; null when it returned no row.</summary>
    public async Task<ConnectionEntity?> ReadOneAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ConnectionRows.Read(reader, dialect) : null;
    }
}
