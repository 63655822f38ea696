namespace Switchboard.Server.Auth;

/// <summary>A tenant's API key. Only the SHA-256 hash of the key is stored, never the key.</summary>
public sealed class ApiKeyEntity
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public string? Name { get; set; }
    public required string KeyHash { get; set; }
    public DateTime Created { get; set; }
}
