using Switchboard.Server.Companies;
using Switchboard.Server.Integrations;

namespace Switchboard.Server.Connections;

public sealed class ConnectionEntity
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid CompanyId { get; set; }
    public CompanyEntity? Company { get; set; }

    public required string IntegrationKey { get; set; }
    public Guid IntegrationId { get; set; }
    public Guid SourceId { get; set; }
    public SourceType SourceType { get; set; }
    public required string PlatformName { get; set; }

    public DataConnectionStatus Status { get; set; }
    public DateTime Created { get; set; }
    public DateTime Modified { get; set; }
    public DateTime? LastSync { get; set; }

    /// <summary>Incremented by every change; the ETag is made from it.</summary>
    public long Version { get; set; }

    /// <summary>
    /// The <see cref="Version"/> of the last change of status or credentials (authorize, unlink, deauthorize). A failed
    /// link attempt's error entry moves <see cref="Version"/> but not this, so links and OAuth states, which bind it,
    /// survive a failure and are spent by a link.
    /// </summary>
    public long AuthorizationVersion { get; set; }

    /// <summary>Id of the key that encrypted <see cref="Credentials"/>, so keys can rotate.</summary>
    public string? CredentialKeyId { get; set; }

    /// <summary>AES-256-GCM nonce, tag and ciphertext of the authorization map; null when none is held.</summary>
    public byte[]? Credentials { get; set; }

    /// <summary>Names (never values) of the authorization keys last supplied, for <c>connectionInfo</c>.</summary>
    public List<string> AuthorizationKeys { get; set; } = [];

    public DateTime? Authorized { get; set; }

    /// <summary>When the stored OAuth 2.0 access token expires; null when none is held or its end is unknown (never refreshed).</summary>
    public DateTime? TokenExpires { get; set; }

    /// <summary>Non-secret facts the platform returned with the authorization (QuickBooks' realmId, Xero's tenant ids), for <c>connectionInfo</c>.</summary>
    public Dictionary<string, string> PlatformInfo { get; set; } = [];

    public List<DataConnectionErrorRecord> Errors { get; set; } = [];
}
