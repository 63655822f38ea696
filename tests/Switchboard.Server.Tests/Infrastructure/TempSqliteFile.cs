namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>A SQLite file of its own for a test that works below the HTTP API; deleted (with its WAL files) on dispose.</summary>
public sealed class TempSqliteFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"switchboard-test-{Guid.NewGuid():N}.db");

    /// <summary>A connection string without pooling, so no connection outlives the test.</summary>
    public string ConnectionString => $"Data Source={Path};Pooling=False";

    public void Dispose()
    {
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
