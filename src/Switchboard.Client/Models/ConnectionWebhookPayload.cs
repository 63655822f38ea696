namespace Switchboard.Client.Models;

/// <summary>What a connection event carries.</summary>
public class ConnectionWebhookPayload
{
    /// <summary>The connection's company.</summary>
    public CompanyReference? ReferenceCompany { get; set; }

    /// <summary>The connection.</summary>
    public Connection? Connection { get; set; }
}
