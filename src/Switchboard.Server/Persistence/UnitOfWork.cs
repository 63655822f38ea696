using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Switchboard.Server.Persistence.Sql;

namespace Switchboard.Server.Persistence;

/// <summary>
/// One write transaction, with this process's write turn (<see cref="WriteGate"/>). A change and the rows that must
/// commit with it (an outbox event, an idempotency answer) are written through the same unit: a store's hand-written
/// statements take it as an argument (<see cref="Command"/>) and EF Core writes go through <see cref="Db"/>, on the
/// same connection and transaction, so they commit together or not at all. Store methods never open their own.
/// Inside a request that already has a transaction (an idempotent request records its answer in the same
/// transaction as its change) the unit joins that one and commits nothing itself: the outer owner does.
/// </summary>
internal sealed class UnitOfWork : IWriteTransaction, IAsyncDisposable
{
    private readonly IDbContextTransaction? _owned;
    private readonly WriteGate.Turn _turn;
    private bool _committed;

    private UnitOfWork(SwitchboardDbContext db, IDbContextTransaction? owned, WriteGate.Turn turn)
    {
        Db = db;
        _owned = owned;
        _turn = turn;
    }

    /// <summary>The EF Core context whose connection and transaction this unit writes on.</summary>
    public SwitchboardDbContext Db { get; }

    public static async Task<UnitOfWork> BeginAsync(
        SwitchboardDbContext db, WriteGate gate, CancellationToken cancellationToken, WritePriority priority = WritePriority.InLine)
    {
        var turn = await gate.EnterAsync(cancellationToken, priority);
        try
        {
            var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            return new UnitOfWork(db, owned, turn);
        }
        catch
        {
            turn.Dispose();
            throw;
        }
    }

    /// <summary>A command for <paramref name="statement"/> inside this unit's transaction, its parameters created and unset.</summary>
    public DbCommand Command(SqlStatement statement)
    {
        var transaction = Db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("This unit of work has ended; its transaction is gone.");
        if (transaction.Connection is null)
        {
            // Nothing here completes the transaction before the unit ends: the driver did, because its connection broke.
            throw new DatabaseUnavailableException("The database connection was lost during the transaction.");
        }

        return statement.CreateCommand(Db.Database.GetDbConnection(), transaction);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        _committed = true;
        if (_owned is not null)
        {
            await _owned.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Ends the unit: a transaction it owns and did not commit is rolled back, with everything written through it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_owned is not null)
        {
            await _owned.DisposeAsync();
        }

        _turn.Dispose();
    }
}
