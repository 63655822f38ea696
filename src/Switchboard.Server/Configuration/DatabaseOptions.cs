namespace Switchboard.Server.Configuration;

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// SQLite's <c>synchronous</c> setting. <c>Normal</c> (the default, with WAL) survives a process crash;
    /// <c>Full</c> also survives a power loss at the cost of one fsync per commit.
    /// </summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Normal;

    /// <summary>How long a write waits for another writer's lock before it gives up (SQLite).</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public enum SqliteSynchronous
{
    Normal,
    Full,
}
