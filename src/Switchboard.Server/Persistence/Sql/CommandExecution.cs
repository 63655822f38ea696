using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Switchboard.Server.Persistence.Sql;

/// <summary>
/// Runs hand-written statements. Microsoft.Data.Sqlite does no asynchronous I/O (its async methods run
/// synchronously and return completed tasks), so on SQLite the synchronous calls do the same work without a task
/// per call; on PostgreSQL the calls are truly asynchronous.
/// </summary>
internal static class CommandExecution
{
    public static ValueTask<DbDataReader> RunReaderAsync(this DbCommand command, CancellationToken cancellationToken)
    {
        if (command is SqliteCommand)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult<DbDataReader>(command.ExecuteReader());
        }

        return new ValueTask<DbDataReader>(command.ExecuteReaderAsync(cancellationToken));
    }

    public static ValueTask<bool> NextRowAsync(this DbDataReader reader, CancellationToken cancellationToken) =>
        reader is SqliteDataReader ? ValueTask.FromResult(reader.Read()) : new ValueTask<bool>(reader.ReadAsync(cancellationToken));

    public static ValueTask<object?> RunScalarAsync(this DbCommand command, CancellationToken cancellationToken)
    {
        if (command is SqliteCommand)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(command.ExecuteScalar());
        }

        return new ValueTask<object?>(command.ExecuteScalarAsync(cancellationToken));
    }
}
