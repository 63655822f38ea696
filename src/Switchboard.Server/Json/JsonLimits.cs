namespace Switchboard.Server.Json;

internal static class JsonLimits
{
    /// <summary>No Codat body nests deeper than a few levels; deeper input is rejected, not parsed.</summary>
    public const int MaxDepth = 16;
}
