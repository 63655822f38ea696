using Npgsql;

namespace Switchboard.Server.Persistence.Sql;

internal static class DatabaseErrors
{
    /// <summary>
    /// The database cannot be reached or is not accepting this work right now (a failover, a restart, too many
    /// connections): not the request's fault, and worth retrying shortly. Npgsql reports communication failures as a
    /// plain <see cref="NpgsqlException"/>; the server's own refusals come as a <see cref="PostgresException"/>.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres when IsUnavailableState(postgres.SqlState):
                    return true;
                case PostgresException:
                    return false;
                case NpgsqlException or DatabaseUnavailableException:
                    return true;
            }
        }

        return false;
    }

    private static bool IsUnavailableState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.ReadOnlySqlTransaction or PostgresErrorCodes.QueryCanceled;
}
