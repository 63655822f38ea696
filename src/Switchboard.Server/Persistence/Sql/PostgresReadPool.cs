using System.Data.Common;
using Npgsql;

namespace Switchboard.Server.Persistence.Sql;

/// <summary>
/// PostgreSQL reads on the server's one Npgsql pool (shared with EF Core). Npgsql prepares statements
/// per physical connection by itself (<c>Max Auto Prepare</c>), so a command per read is enough.
/// </summary>
internal sealed class PostgresReadPool(NpgsqlDataSource dataSource) : ReadPool
{
    public override async ValueTask<Lease> RentAsync(CancellationToken cancellationToken) =>
        new PostgresLease(await dataSource.OpenConnectionAsync(cancellationToken));

    private sealed class PostgresLease(NpgsqlConnection connection) : Lease
    {
        public override DbCommand Command(SqlStatement statement) => statement.CreateCommand(connection);

        public override ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
