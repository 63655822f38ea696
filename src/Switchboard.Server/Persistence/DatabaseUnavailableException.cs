namespace Switchboard.Server.Persistence;

/// <summary>
/// The database ended a unit of work's transaction on its own: its connection broke (a failover, a restart). Answered
/// as 503 with <c>Retry-After</c>, like any other unavailability (<see cref="Sql.DatabaseErrors.IsUnavailable"/>).
/// </summary>
internal sealed class DatabaseUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
