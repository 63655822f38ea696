namespace Switchboard.Server.OpenApi;

/// <summary>Endpoint metadata: the operation honours an optional <c>If-Match</c> precondition (and can answer 412).</summary>
public sealed class IfMatchHeader
{
    public static IfMatchHeader Instance { get; } = new();
}
