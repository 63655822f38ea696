namespace Switchboard.Server.Connections;

/// <summary>A connection's id (see <see cref="Tenancy.TenantId"/> for why ids have their own types).</summary>
internal readonly record struct ConnectionId(Guid Value)
{
    public override string ToString() => Value.ToString();
}
