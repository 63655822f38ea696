namespace Switchboard.Server.Tenancy;

/// <summary>An owner of companies, connections and API keys; tenants never see each other's data.</summary>
public sealed class TenantEntity
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public DateTime Created { get; set; }
}
