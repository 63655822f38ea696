namespace Switchboard.Server.OpenApi;

/// <summary>
/// Endpoint metadata: the operation is Switchboard's own, not part of the Codat API. The OpenAPI document marks it
/// with <c>x-switchboard-extension: true</c>, so client generators and readers can tell the two apart.
/// </summary>
public sealed class SwitchboardExtension
{
    public static SwitchboardExtension Instance { get; } = new();
}
