using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Persistence;

/// <summary>
/// Per-connection SQLite settings: <c>synchronous</c> (durability, see <see cref="DatabaseOptions.SqliteSynchronous"/>)
/// and <c>secure_delete</c>, so destroyed credential ciphertext is overwritten on disk, not left in free pages.
/// WAL and foreign keys are set by the migrator and the connection string.
/// </summary>
internal sealed class SqlitePragmas(SqliteSynchronous synchronous) : DbConnectionInterceptor
{
    private readonly string _sql = $"PRAGMA synchronous={synchronous.ToString().ToUpperInvariant()}; PRAGMA secure_delete=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _sql;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
