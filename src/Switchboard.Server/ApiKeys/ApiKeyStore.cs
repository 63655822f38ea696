using System.Data.Common;
using System.Globalization;
using Switchboard.Server.Auth;
using Switchboard.Server.Persistence;
using Switchboard.Server.Persistence.Sql;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.ApiKeys;

/// <summary>
/// Every statement on the <c>api_keys</c> table. Plain SQL because looking a key up is on every request's path and
/// the first key is created at start-up, before EF Core has built its model; nothing else reads or writes keys.
/// Every statement but the lookup by hash (which is how a request finds its tenant) is bound to the tenant.
/// </summary>
internal sealed class ApiKeyStore(ReadPool reads, SqlDialect dialect)
{
    private const string Row = "id, tenant_id, name, key_hash, created";

    private static readonly SqlStatement SelectByHash = new("SELECT id, tenant_id FROM api_keys WHERE key_hash = @hash");

    private static readonly SqlStatement SelectOfTenant = new($"SELECT {Row} FROM api_keys WHERE tenant_id = @tenant ORDER BY created, id");

    private static readonly SqlStatement CountOfTenant = new("SELECT COUNT(*) FROM api_keys WHERE tenant_id = @tenant");

    private static readonly SqlStatement Exists = new("SELECT 1 FROM api_keys WHERE id = @id AND tenant_id = @tenant");

    private static readonly SqlStatement Insert = new($"INSERT INTO api_keys ({Row}) VALUES (@id, @tenant, @name, @hash, @created)");

    private static readonly SqlStatement Delete = new("DELETE FROM api_keys WHERE id = @id AND tenant_id = @tenant");

    /// <summary>The key with this hash and its tenant, from any tenant; null when there is none.</summary>
    public async Task<(Guid KeyId, TenantId Tenant)?> FindByHashAsync(string keyHash, CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        return await ReadKeyAsync(lease.Command(SelectByHash).Set("@hash", keyHash), cancellationToken);
    }

    /// <summary>As <see cref="FindByHashAsync(string, CancellationToken)"/>, inside a transaction.</summary>
    public async Task<(Guid KeyId, TenantId Tenant)?> FindByHashAsync(IWriteTransaction transaction, string keyHash, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(SelectByHash).Set("@hash", keyHash);
        return await ReadKeyAsync(command, cancellationToken);
    }

    /// <summary>The tenant's keys, oldest first (hashes only: keys themselves are never stored).</summary>
    public async Task<List<ApiKeyEntity>> ListAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        await using var reader = await BindTenant(lease.Command(SelectOfTenant), tenant).RunReaderAsync(cancellationToken);
        var keys = new List<ApiKeyEntity>();
        while (await reader.NextRowAsync(cancellationToken))
        {
            keys.Add(new ApiKeyEntity
            {
                Id = reader.GetGuid(0),
                TenantId = reader.GetGuid(1),
                Name = reader.IsDBNull(2) ? null : reader.GetString(2),
                KeyHash = reader.GetString(3),
                Created = dialect.ReadTime(reader, 4),
            });
        }

        return keys;
    }

    public async Task<int> CountAsync(IWriteTransaction transaction, TenantId tenant, CancellationToken cancellationToken)
    {
        await using var command = BindTenant(transaction.Command(CountOfTenant), tenant);
        return Convert.ToInt32(await command.RunScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task<bool> ExistsAsync(IWriteTransaction transaction, TenantId tenant, Guid keyId, CancellationToken cancellationToken)
    {
        await using var command = BindTenant(transaction.Command(Exists), tenant).Set("@id", dialect.Id(keyId));
        return await command.RunScalarAsync(cancellationToken) is not null;
    }

    public async Task InsertAsync(IWriteTransaction transaction, ApiKeyEntity key, CancellationToken cancellationToken)
    {
        await using var command = BindTenant(transaction.Command(Insert), new TenantId(key.TenantId))
            .Set("@id", dialect.Id(key.Id))
            .Set("@name", key.Name)
            .Set("@hash", key.KeyHash)
            .Set("@created", dialect.Time(key.Created));
        await command.RunNonQueryAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(IWriteTransaction transaction, TenantId tenant, Guid keyId, CancellationToken cancellationToken)
    {
        await using var command = BindTenant(transaction.Command(Delete), tenant).Set("@id", dialect.Id(keyId));
        return await command.RunNonQueryAsync(cancellationToken) > 0;
    }

    private static async Task<(Guid KeyId, TenantId Tenant)?> ReadKeyAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.RunReaderAsync(cancellationToken);
        return await reader.NextRowAsync(cancellationToken) ? (reader.GetGuid(0), new TenantId(reader.GetGuid(1))) : null;
    }

    private DbCommand BindTenant(DbCommand command, TenantId tenant) => command.Set("@tenant", dialect.Id(tenant.Value));
}
