using Switchboard.Server.Connections;

namespace Switchboard.Server.Companies;

public sealed class CompanyEntity
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public List<CompanyTag> Tags { get; set; } = [];
    public DateTime Created { get; set; }
    public DateTime Modified { get; set; }
    public DateTime? LastSync { get; set; }

    /// <summary>Incremented by every change; the ETag is made from it.</summary>
    public long Version { get; set; }

    public List<ConnectionEntity> Connections { get; set; } = [];
}
