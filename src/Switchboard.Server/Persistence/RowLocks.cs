using Microsoft.EntityFrameworkCore;

namespace Switchboard.Server.Persistence;

/// <summary>
/// Row locks for read-decide-write sequences on the EF Core tables (companies) inside a transaction.
/// (The stores of hand-written SQL lock their own tables.) On PostgreSQL (READ COMMITTED) a guarded
/// write and the read that explains its outcome could otherwise see two different versions of a row raced
/// by another request; the lock makes them see one. SQLite needs none: its write transaction
/// (<c>BEGIN IMMEDIATE</c>) already excludes every other writer.
/// </summary>
internal static class RowLocks
{
    public static async Task LockCompanyAsync(this SwitchboardDbContext db, Guid companyId, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM companies WHERE id = {companyId} FOR UPDATE", cancellationToken);
        }
    }
}
