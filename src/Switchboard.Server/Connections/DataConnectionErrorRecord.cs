namespace Switchboard.Server.Connections;

/// <summary>A problem the platform reported for a connection, stored with the connection as JSON.</summary>
public sealed class DataConnectionErrorRecord
{
    /// <summary>The most errors a connection keeps: the latest ones, so repeated failures cannot grow a row without bound.</summary>
    public const int MaxKept = 20;

    public const int MaxErrorMessageLength = 1000;

    /// <summary><paramref name="message"/> cut to <see cref="MaxErrorMessageLength"/> (a platform's words can be any length).</summary>
    public static string Capped(string message) => message.Length <= MaxErrorMessageLength ? message : message[..MaxErrorMessageLength];

    public string? StatusCode { get; set; }
    public string? StatusText { get; set; }
    public string? ErrorMessage { get; set; }
    public DateTime ErroredOnUtc { get; set; }
    public DateTime? ResolvedOnUtc { get; set; }
}
