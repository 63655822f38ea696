using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Switchboard.Server.Persistence;

/// <summary>
/// A write transaction with this process's write turn. Inside a request that already has a transaction (an
/// idempotent request records its answer in the same transaction as its change) it joins that one, and commits
/// nothing itself.
/// </summary>
internal sealed class WriteScope : IAsyncDisposable
{
    private readonly IDbContextTransaction? _owned;
    private readonly WriteGate.Turn _turn;

    private WriteScope(IDbContextTransaction? owned, WriteGate.Turn turn)
    {
        _owned = owned;
        _turn = turn;
    }

    public static async Task<WriteScope> BeginAsync(SwitchboardDbContext db, WriteGate gate, CancellationToken cancellationToken)
    {
        var turn = await gate.EnterAsync(cancellationToken);
        try
        {
            var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            return new WriteScope(owned, turn);
        }
        catch
        {
            turn.Dispose();
            throw;
        }
    }

    public Task CommitAsync(CancellationToken cancellationToken) => _owned?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_owned is not null)
        {
            await _owned.DisposeAsync();
        }

        _turn.Dispose();
    }
}
