using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Switchboard.Server.Persistence.Sql;

/// <summary>
/// SQLite read connections that stay open, each keeping its statements prepared. Microsoft.Data.Sqlite finalizes
/// a command's statements when its connection closes, so a pooled open/close (what EF Core does per query) parses
/// and plans every statement again; here it is parsed once per connection. The connections are
/// <c>query_only</c>: they cannot write even by mistake. With WAL, reads never wait for the writer.
/// </summary>
internal sealed class SqliteReadPool(string connectionString, TimeSpan busyTimeout) : ReadPool, IDisposable
{
    // Enough for the concurrency two cores can serve; connections beyond it are closed when given back.
    private const int MaxIdle = 32;
    private const int MaxPrepared = 64;
    private readonly ConcurrentBag<SqliteLease> _idle = [];
    private int _idleCount;
    private bool _disposed;

    public override ValueTask<Lease> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var lease))
        {
            Interlocked.Decrement(ref _idleCount);
            return ValueTask.FromResult<Lease>(lease);
        }

        return ValueTask.FromResult<Lease>(new SqliteLease(this, Open()));
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var lease))
        {
            lease.Close();
        }
    }

    private SqliteConnection Open()
    {
        // Pooling off: these connections are pooled here, open, with their statements.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA query_only=ON; PRAGMA busy_timeout={(int)busyTimeout.TotalMilliseconds};";
        command.ExecuteNonQuery();
        return connection;
    }

    private void Return(SqliteLease lease)
    {
        if (!_disposed && Interlocked.Increment(ref _idleCount) <= MaxIdle)
        {
            _idle.Add(lease);
            return;
        }

        Interlocked.Decrement(ref _idleCount);
        lease.Close();
    }

    private sealed class SqliteLease(SqliteReadPool pool, SqliteConnection connection) : Lease
    {
        private readonly Dictionary<SqlStatement, SqliteCommand> _prepared = new(ReferenceEqualityComparer.Instance);

        public override DbCommand Command(SqlStatement statement)
        {
            if (!_prepared.TryGetValue(statement, out var command))
            {
                if (_prepared.Count >= MaxPrepared)
                {
                    // Lists prepare one statement per distinct query: keep the set bounded.
                    DisposeCommands();
                }

                command = (SqliteCommand)statement.CreateCommand(connection);
                _prepared[statement] = command;
            }

            return command;
        }

        public override ValueTask DisposeAsync()
        {
            pool.Return(this);
            return ValueTask.CompletedTask;
        }

        public void Close()
        {
            DisposeCommands();
            connection.Dispose();
        }

        private void DisposeCommands()
        {
            foreach (var command in _prepared.Values)
            {
                command.Dispose();
            }

            _prepared.Clear();
        }
    }
}
