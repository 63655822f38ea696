namespace Switchboard.Client.Models;

/// <summary>
/// A hypertext reference.
/// </summary>
public class HalRef
{
    /// <summary>The reference: a path, possibly with a query string.</summary>
    public string? Href { get; set; }
}
