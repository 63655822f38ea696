using System.Data.Common;

namespace Switchboard.Server.Persistence.Sql;

/// <summary>
/// Connections for the hottest reads (a connection by id, an integration key), outside any transaction and
/// outside EF Core: each read costs one statement on a ready connection and nothing else.
/// </summary>
internal abstract class ReadPool
{
    public abstract ValueTask<Lease> RentAsync(CancellationToken cancellationToken);

    /// <summary>A rented connection; dispose it to give it back.</summary>
    public abstract class Lease : IAsyncDisposable
    {
        /// <summary>A command for <paramref name="statement"/> on this connection, parameters created and unset.</summary>
        public abstract DbCommand Command(SqlStatement statement);

        public abstract ValueTask DisposeAsync();
    }
}
