using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Persistence;

/// <summary>
/// Per-connection SQLite settings: <c>synchronous</c> (durability, see <see cref="DatabaseOptions.SqliteSynchronous"/>)
/// <c>secure_delete</c>, so destroyed credential ciphertext is overwritten on disk, not left in free pages, and
/// <c>busy_timeout</c>.
/// WAL and foreign keys are set by the migrator and the connection string.
/// </summary>
internal sealed class SqlitePragmas(SqliteSynchronous synchronous, TimeSpan busyTimeout) : DbConnectionInterceptor
{
    // busy_timeout makes SQLite itself wait (in short steps) for another process's write lock, rather than
    // returning SQLITE_BUSY to Microsoft.Data.Sqlite's 150 ms retry loop.
    private readonly string _sql = string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"PRAGMA synchronous={synchronous.ToString().ToUpperInvariant()}; PRAGMA secure_delete=ON; PRAGMA busy_timeout={(int)busyTimeout.TotalMilliseconds};");

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
