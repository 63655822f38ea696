namespace Switchboard.Server.OpenApi;

/// <summary>
/// Marks what is Switchboard's own, not part of the Codat API: an operation (as endpoint metadata, through
/// <c>AsSwitchboardExtension()</c>) or a property of a wire type (as an attribute). The OpenAPI document marks either
/// with <c>x-switchboard-extension: true</c>, so client generators and readers can tell the two apart.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SwitchboardExtensionAttribute : Attribute
{
    public static SwitchboardExtensionAttribute Instance { get; } = new();
}
