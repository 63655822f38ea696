using System.Data.Common;

namespace Switchboard.Server.Persistence.Sql;

/// <summary>A transaction on a plain connection from the data source, for start-up and operator work that runs without EF Core.</summary>
internal sealed class SqlTransaction : IWriteTransaction, IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;

    private SqlTransaction(DbConnection connection, DbTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<SqlTransaction> BeginAsync(DbDataSource dataSource, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            return new SqlTransaction(connection, await connection.BeginTransactionAsync(cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public DbCommand Command(SqlStatement statement) => statement.CreateCommand(_connection, _transaction);

    public Task CommitAsync(CancellationToken cancellationToken) => _transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
