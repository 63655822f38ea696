namespace Switchboard.Server.OpenApi;

/// <summary>
/// Endpoint metadata: a POST, PUT or PATCH that reads no body. Declared, so that a write endpoint without a documented
/// request body is a deliberate choice and not a gap in the document.
/// </summary>
public sealed class NoRequestBody
{
    public static NoRequestBody Instance { get; } = new();
}
