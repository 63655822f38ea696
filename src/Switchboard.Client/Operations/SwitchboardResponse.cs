namespace Switchboard.Client.Operations;

/// <summary>
/// What every operation returns: the HTTP status, content type and the raw response.
/// Operations that return a body add it as a typed property.
/// </summary>
public abstract class SwitchboardResponse
{
    /// <summary>The HTTP status code, for example 200.</summary>
    public int StatusCode { get; init; }

    /// <summary>The response's <c>Content-Type</c> header, if any.</summary>
    public string? ContentType { get; init; }

    /// <summary>
    /// The HTTP response, with its headers; its body was already read. Null only in responses made by hand (for example in mocks).
    /// </summary>
    public HttpResponseMessage? RawResponse { get; init; }
}
