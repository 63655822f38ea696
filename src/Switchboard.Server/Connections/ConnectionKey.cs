using Switchboard.Server.Companies;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Connections;

/// <summary>
/// Everything that names one connection: its tenant, its company and its id. Every statement on a connection is
/// bound to all three, so a connection is only ever reached through its own tenant and company.
/// </summary>
internal readonly record struct ConnectionKey(TenantId Tenant, CompanyId Company, ConnectionId Connection)
{
    public static ConnectionKey Of(ConnectionEntity entity) =>
        new(new TenantId(entity.TenantId), new CompanyId(entity.CompanyId), new ConnectionId(entity.Id));
}
