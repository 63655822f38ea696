namespace Switchboard.Client.Models;

/// <summary>
/// An error a platform reported for a data connection.
/// </summary>
public class DataConnectionError
{
    /// <summary>The HTTP status code the platform answered with.</summary>
    public string? StatusCode { get; set; }

    /// <summary>The text of that status code.</summary>
    public string? StatusText { get; set; }

    /// <summary>The platform's error message.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>When the error happened.</summary>
    public DateTimeOffset? ErroredOnUtc { get; set; }

    /// <summary>Whether the error is still in effect.</summary>
    public DataConnectionErrorStatus? Status { get; set; }

    /// <summary>When the error was resolved, if it was.</summary>
    public DateTimeOffset? ResolvedOnUtc { get; set; }
}
