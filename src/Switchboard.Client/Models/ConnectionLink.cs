namespace Switchboard.Client.Models;

/// <summary>
/// A fresh link to a connection's authorization page (a Switchboard extension, not part of Codat's API).
/// </summary>
public class ConnectionLink
{
    /// <summary>The page to send the company's end user to; it carries a signed token and links the connection once.</summary>
    public string? LinkUrl { get; set; }

    /// <summary>When the link stops working.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}
