namespace Switchboard.Client.Operations;

/// <summary>
/// What every operation returns: the HTTP status, content type and the raw response.
/// Operations that return a body add it as a typed property.
/// </summary>
public abstract class SwitchboardResponse
{
    // Backing fields rather than auto-properties: the client fills them in from the response after the body property
    // is set (see Envelope.From), while callers keep the init-only properties they use in mocks.
    private int _statusCode;
    private string? _contentType;
    private HttpResponseMessage? _rawResponse;

    /// <summary>The HTTP status code, for example 200.</summary>
    public int StatusCode { get => _statusCode; init => _statusCode = value; }

    /// <summary>The response's <c>Content-Type</c> header, if any.</summary>
    public string? ContentType { get => _contentType; init => _contentType = value; }

    /// <summary>
    /// The HTTP response, with its headers; its body was already read. Null only in responses made by hand (for example in mocks).
    /// </summary>
    public HttpResponseMessage? RawResponse { get => _rawResponse; init => _rawResponse = value; }

    internal void Describe(HttpResponseMessage response)
    {
        _statusCode = (int)response.StatusCode;
        _contentType = response.Content.Headers.ContentType?.ToString();
        _rawResponse = response;
    }
}
