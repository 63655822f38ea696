using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
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

    // Pooled connections keep their settings: run the pragmas once per physical connection, not on every open.
    private readonly ConditionalWeakTable<object, object> _configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsNew(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = _sql;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsNew(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = _sql;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private bool IsNew(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || _configured.TryAdd(handle, handle);
}
