using System.Data.Common;
using Switchboard.Server.Persistence.Sql;

namespace Switchboard.Server.Persistence;

/// <summary>
/// Where a store's changes run: a transaction that the caller opened and will commit. In requests it is a
/// <see cref="UnitOfWork"/>; at start-up (migrations done, EF Core not yet built) a <see cref="SqlTransaction"/>
/// on a plain connection. Store methods never open or commit one themselves.
/// </summary>
internal interface IWriteTransaction
{
    /// <summary>A command for <paramref name="statement"/> inside this transaction, its parameters created and unset.</summary>
    DbCommand Command(SqlStatement statement);
}
