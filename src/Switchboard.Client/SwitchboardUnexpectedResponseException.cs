namespace Switchboard.Client;

/// <summary>
/// The server's answer was not what the API promises: an error without an
/// <see cref="Models.ErrorMessage"/> body (a proxy's HTML page, say), or a success whose body is
/// missing, not JSON or of the wrong shape. The body is kept as text.
/// </summary>
public class SwitchboardUnexpectedResponseException : SwitchboardException
{
    /// <summary>Creates an exception with no details.</summary>
    public SwitchboardUnexpectedResponseException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public SwitchboardUnexpectedResponseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SwitchboardUnexpectedResponseException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for an unexpected response.</summary>
    /// <param name="message">What was wrong with it.</param>
    /// <param name="statusCode">The response's HTTP status code.</param>
    /// <param name="contentType">The response's content type, if any.</param>
    /// <param name="body">The response's body as text.</param>
    /// <param name="rawResponse">The response.</param>
    /// <param name="innerException">The parsing error, if any.</param>
    public SwitchboardUnexpectedResponseException(
        string message, int statusCode, string? contentType, string body, HttpResponseMessage? rawResponse, Exception? innerException = null)
        : base(message, statusCode, rawResponse, innerException)
    {
        ContentType = contentType;
        Body = body;
    }

    /// <summary>The response's content type, if any.</summary>
    public string? ContentType { get; }

    /// <summary>The response's body as text (empty when there was none).</summary>
    public string Body { get; } = string.Empty;
}
