namespace Switchboard.Server.Tenancy;

/// <summary>
/// A tenant's id. Stores take the tenant, company and connection ids as three distinct types, so passing them in
/// the wrong order does not compile.
/// </summary>
internal readonly record struct TenantId(Guid Value)
{
    public override string ToString() => Value.ToString();
}
