using System.Text.Json;

namespace Switchboard.Client.Models;

/// <summary>
/// A company's connection to a business platform (accounting, banking, commerce, …).
/// </summary>
public class Connection
{
    /// <summary>The connection's identifier (a GUID).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The identifier of the integration the connection uses.</summary>
    public string? IntegrationId { get; set; }

    /// <summary>The platform key of the integration, for example <c>gbol</c>.</summary>
    public string? IntegrationKey { get; set; }

    /// <summary>The identifier of the source (the platform) behind the integration.</summary>
    public string? SourceId { get; set; }

    /// <summary>The kind of platform the connection reaches.</summary>
    public SourceType? SourceType { get; set; }

    /// <summary>The platform's name, for example <c>Sandbox</c>.</summary>
    public string? PlatformName { get; set; }

    /// <summary>The URL the company opens to authorize the connection.</summary>
    public string? LinkUrl { get; set; }

    /// <summary>The connection's status.</summary>
    public DataConnectionStatus? Status { get; set; }

    /// <summary>When data was last read through the connection, if ever.</summary>
    public DateTimeOffset? LastSync { get; set; }

    /// <summary>When the connection was created.</summary>
    public DateTimeOffset? Created { get; set; }

    /// <summary>Errors the platform reported for the connection.</summary>
    public IList<DataConnectionError>? DataConnectionErrors { get; set; }

    /// <summary>Non-secret facts about the connection (never credentials).</summary>
    public IDictionary<string, JsonElement>? ConnectionInfo { get; set; }
}
