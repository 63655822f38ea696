using System.Globalization;
using System.Text;
using Switchboard.Client.Models;

namespace Switchboard.Client;

/// <summary>
/// The server answered with an error status and an <see cref="Models.ErrorMessage"/> body.
/// </summary>
public class SwitchboardApiException : SwitchboardException
{
    /// <summary>Creates an exception with no details.</summary>
    public SwitchboardApiException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public SwitchboardApiException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SwitchboardApiException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for an error response.</summary>
    /// <param name="statusCode">The response's HTTP status code.</param>
    /// <param name="errorMessage">The response's body.</param>
    /// <param name="rawResponse">The response.</param>
    /// <param name="correlationId">The request's correlation id, when the body has none.</param>
    public SwitchboardApiException(int statusCode, ErrorMessage errorMessage, HttpResponseMessage? rawResponse, string? correlationId = null)
        : base(Describe(statusCode, errorMessage, correlationId), statusCode, rawResponse)
    {
        ArgumentNullException.ThrowIfNull(errorMessage);
        ErrorMessage = errorMessage;
        CorrelationId = errorMessage.CorrelationId ?? correlationId;
    }

    /// <summary>The error body: what went wrong, validation details, correlation id.</summary>
    public ErrorMessage? ErrorMessage { get; }

    /// <summary>The identifier of the request in the server's logs; quote it when reporting a problem.</summary>
    public string? CorrelationId { get; }

    private static string Describe(int statusCode, ErrorMessage errorMessage, string? correlationId)
    {
        ArgumentNullException.ThrowIfNull(errorMessage);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Switchboard API error {statusCode}");
        if (!string.IsNullOrEmpty(errorMessage.Error))
        {
            text.Append(": ").Append(errorMessage.Error);
        }

        foreach (var item in errorMessage.Validation?.Errors ?? [])
        {
            text.Append(CultureInfo.InvariantCulture, $" [{item.ItemId}: {item.Message}]");
        }

        var id = errorMessage.CorrelationId ?? correlationId;
        if (!string.IsNullOrEmpty(id))
        {
            text.Append(CultureInfo.InvariantCulture, $" (correlation id {id})");
        }

        return text.ToString();
    }
}
