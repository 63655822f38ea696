using Switchboard.Server.Auth;
using Switchboard.Server.Common;
using Switchboard.Server.Errors;
using Switchboard.Server.Persistence;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.ApiKeys;

/// <summary>
/// A tenant's API keys: at most <see cref="MaxKeysPerTenant"/>, never fewer than one. Both limits are checked and
/// applied in one transaction that holds the tenant's row, so concurrent requests cannot overshoot them.
/// </summary>
internal sealed class ApiKeyService(
    SwitchboardDbContext db, ApiKeyStore keys, TenantStore tenants, WriteGate writeGate, ApiKeyCache cache, TimeProvider time)
{
    public const int MaxKeysPerTenant = 10;
    public const int MaxNameLength = 50;

    public Task<List<ApiKeyEntity>> ListAsync(TenantId tenant, CancellationToken cancellationToken) => keys.ListAsync(tenant, cancellationToken);

    public async Task<(ApiKeyEntity Key, string Secret)> CreateAsync(TenantId tenant, string? name, CancellationToken cancellationToken)
    {
        if (name is { Length: > MaxNameLength })
        {
            throw ApiException.InvalidField("name", $"Max string length ({MaxNameLength}) for `name` reached.");
        }

        await using var work = await UnitOfWork.BeginAsync(db, writeGate, cancellationToken);
        await tenants.LockAsync(work, tenant, cancellationToken);
        if (await keys.CountAsync(work, tenant, cancellationToken) >= MaxKeysPerTenant)
        {
            throw ApiException.Conflict($"Maximum number of API keys reached ({MaxKeysPerTenant}). To create a new API key, delete an unused key first.");
        }

        var secret = ApiKeySecrets.Generate();
        var key = new ApiKeyEntity { Id = SequentialIds.Next(time), TenantId = tenant.Value, Name = name, KeyHash = ApiKeySecrets.Hash(secret), Created = time.UtcNow() };
        await keys.InsertAsync(work, key, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return (key, secret);
    }

    public async Task DeleteAsync(TenantId tenant, Guid keyId, CancellationToken cancellationToken)
    {
        await using var work = await UnitOfWork.BeginAsync(db, writeGate, cancellationToken);
        await tenants.LockAsync(work, tenant, cancellationToken);
        if (!await keys.ExistsAsync(work, tenant, keyId, cancellationToken))
        {
            throw ApiException.NotFound("API key not found: no API key with this id exists.");
        }

        if (await keys.CountAsync(work, tenant, cancellationToken) == 1)
        {
            throw ApiException.Conflict("This is the last API key: create another one before deleting it, or nobody could use the API.");
        }

        await keys.DeleteAsync(work, tenant, keyId, cancellationToken);
        await work.CommitAsync(cancellationToken);
        cache.Clear();
    }
}
