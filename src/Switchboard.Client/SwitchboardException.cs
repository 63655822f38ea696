namespace Switchboard.Client;

/// <summary>
/// The server answered with an error status, or with a body the client could not read.
/// Catch this to handle both <see cref="SwitchboardApiException"/> and <see cref="SwitchboardUnexpectedResponseException"/>.
/// </summary>
public class SwitchboardException : Exception
{
    /// <summary>Creates an exception with no details.</summary>
    public SwitchboardException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public SwitchboardException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SwitchboardException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a response.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="statusCode">The response's HTTP status code.</param>
    /// <param name="rawResponse">The response.</param>
    /// <param name="innerException">The cause, if any.</param>
    public SwitchboardException(string message, int statusCode, HttpResponseMessage? rawResponse, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        RawResponse = rawResponse;
    }

    /// <summary>The response's HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>The response, with its headers and (already read) body.</summary>
    public HttpResponseMessage? RawResponse { get; }
}
