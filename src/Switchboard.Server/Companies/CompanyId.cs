namespace Switchboard.Server.Companies;

/// <summary>A company's id (see <see cref="Tenancy.TenantId"/> for why ids have their own types).</summary>
internal readonly record struct CompanyId(Guid Value)
{
    public override string ToString() => Value.ToString();
}
