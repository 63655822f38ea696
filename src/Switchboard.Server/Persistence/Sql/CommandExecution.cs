using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Switchboard.Server.Persistence.Sql;

/// <summary>
/// Runs hand-written statements. Microsoft.Data.Sqlite does no asynchronous I/O (its async methods run
/// synchronously and return completed tasks), so on SQLite the synchronous calls do the same work without a task
/// per call; on PostgreSQL the calls are truly asynchronous. Every hand-written statement runs through here, so on SQLite
/// each is traced here too (<see cref="SqlTracing"/>).
/// </summary>
internal static class CommandExecution
{
    /// <summary>Runs <paramref name="statement"/> once on an open connection (start-up work: migrations, the first key).</summary>
    public static async Task<int> ExecuteAsync(
        this DbConnection connection, DbTransaction? transaction, SqlStatement statement, CancellationToken cancellationToken,
        params (string Name, object? Value)[] values)
    {
        await using var command = statement.CreateCommand(connection, transaction).Set(values);
        return await command.RunNonQueryAsync(cancellationToken);
    }

    /// <summary>The first column of the first row, or null for no row or SQL NULL.</summary>
    public static async Task<object?> ScalarAsync(
        this DbConnection connection, DbTransaction? transaction, SqlStatement statement, CancellationToken cancellationToken,
        params (string Name, object? Value)[] values)
    {
        await using var command = statement.CreateCommand(connection, transaction).Set(values);
        var value = await command.RunScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    public static ValueTask<DbDataReader> RunReaderAsync(this DbCommand command, CancellationToken cancellationToken) =>
        Run(command, static c => c.ExecuteReader(), static (c, token) => c.ExecuteReaderAsync(token), cancellationToken);

    public static ValueTask<bool> NextRowAsync(this DbDataReader reader, CancellationToken cancellationToken) =>
        reader is SqliteDataReader ? ValueTask.FromResult(reader.Read()) : new ValueTask<bool>(reader.ReadAsync(cancellationToken));

    public static ValueTask<object?> RunScalarAsync(this DbCommand command, CancellationToken cancellationToken) =>
        Run(command, static c => c.ExecuteScalar(), static (c, token) => c.ExecuteScalarAsync(token), cancellationToken);

    public static ValueTask<int> RunNonQueryAsync(this DbCommand command, CancellationToken cancellationToken) =>
        Run(command, static c => c.ExecuteNonQuery(), static (c, token) => c.ExecuteNonQueryAsync(token), cancellationToken);

    /// <summary>
    /// A SQLite command synchronously, inside its span (<see cref="SqlTracing"/>); any other asynchronously (Npgsql
    /// traces its own commands).
    /// </summary>
    private static ValueTask<T> Run<T>(
        DbCommand command, Func<DbCommand, T> run, Func<DbCommand, CancellationToken, Task<T>> runAsync, CancellationToken cancellationToken)
    {
        if (command is not SqliteCommand)
        {
            return new ValueTask<T>(runAsync(command, cancellationToken));
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var span = SqlTracing.Start(command);
        try
        {
            return ValueTask.FromResult(run(command));
        }
        catch (Exception exception) when (SqlTracing.Failed(span, exception))
        {
            throw;
        }
    }
}
