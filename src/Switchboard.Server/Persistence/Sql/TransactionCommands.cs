using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Switchboard.Server.Persistence.Sql;

internal static class TransactionCommands
{
    /// <summary>
    /// A command for <paramref name="statement"/> in the context's current transaction (a <see cref="WriteScope"/>),
    /// on the same connection as EF Core's own statements, so both see and commit the same changes.
    /// </summary>
    public static DbCommand CreateCommand(this SwitchboardDbContext db, SqlStatement statement)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Hand-written writes run inside a WriteScope.");
        return statement.CreateCommand(db.Database.GetDbConnection(), transaction);
    }
}
