using Switchboard.Server.Persistence;
using Switchboard.Server.Persistence.Sql;

namespace Switchboard.Server.Tenancy;

/// <summary>
/// Every statement on the <c>tenants</c> table: plain SQL, since the first tenant is created at start-up before
/// EF Core has built its model. Nothing else reads or writes tenants.
/// </summary>
internal sealed class TenantStore(SqlDialect dialect)
{
    private static readonly SqlStatement SelectFirst = new("SELECT id FROM tenants ORDER BY created LIMIT 1");

    private static readonly SqlStatement SelectAll = new("SELECT id FROM tenants ORDER BY created, id");

    private static readonly SqlStatement Insert = new("INSERT INTO tenants (id, name, created) VALUES (@id, @name, @created)");

    private static readonly SqlStatement SelectName = new("SELECT name FROM tenants WHERE id = @id");

    private static readonly SqlStatement Lock = new("SELECT 1 FROM tenants WHERE id = @id FOR UPDATE");

    /// <summary>The tenant created first, or null in an empty database.</summary>
    public async Task<TenantId?> FindFirstAsync(IWriteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(SelectFirst);
        return await command.RunScalarAsync(cancellationToken) is { } id and not DBNull ? new TenantId(dialect.ReadId(id)) : null;
    }

    /// <summary>Every tenant, oldest first: for operator work that goes through all of them.</summary>
    public async Task<List<TenantId>> ListAsync(IWriteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(SelectAll);
        await using var reader = await command.RunReaderAsync(cancellationToken);
        var tenants = new List<TenantId>();
        while (await reader.NextRowAsync(cancellationToken))
        {
            tenants.Add(new TenantId(dialect.ReadId(reader.GetValue(0))));
        }

        return tenants;
    }

    /// <summary>The tenant's name (the default its end users see on the Link pages); null when there is no such tenant.</summary>
    public async Task<string?> FindNameAsync(ReadPool reads, TenantId tenant, CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        return await lease.Command(SelectName).Set("@id", dialect.Id(tenant.Value)).RunScalarAsync(cancellationToken) as string;
    }

    public async Task InsertAsync(IWriteTransaction transaction, TenantEntity tenant, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(Insert)
            .Set("@id", dialect.Id(tenant.Id))
            .Set("@name", tenant.Name)
            .Set("@created", dialect.Time(tenant.Created));
        await command.RunNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Locks the tenant's row until the transaction ends, so limits over all of a tenant's rows (its API keys) are
    /// checked and applied as one step by concurrent requests on any node (see <see cref="SqlDialect.LocksRows"/>).
    /// </summary>
    public async Task LockAsync(IWriteTransaction transaction, TenantId tenant, CancellationToken cancellationToken)
    {
        if (dialect.LocksRows)
        {
            await using var command = transaction.Command(Lock).Set("@id", dialect.Id(tenant.Value));
            await command.RunNonQueryAsync(cancellationToken);
        }
    }
}
