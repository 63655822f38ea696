using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Switchboard.Server.Persistence.Sql;

internal static class DatabaseErrors
{
    /// <summary>A foreign key refused the row: what it points to was deleted meanwhile.</summary>
    public static bool IsForeignKeyViolation(DbException exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.ForeignKeyViolation,
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode == 787, // SQLITE_CONSTRAINT_FOREIGNKEY
        _ => false,
    };
}
