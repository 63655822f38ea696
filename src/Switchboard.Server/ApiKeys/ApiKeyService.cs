using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Auth;
using Switchboard.Server.Common;
using Switchboard.Server.Errors;
using Switchboard.Server.Persistence;

namespace Switchboard.Server.ApiKeys;

/// <summary>
/// A tenant's API keys: at most <see cref="MaxKeysPerTenant"/>, never fewer than one. Both limits are checked and
/// applied in one transaction that holds the tenant's row, so concurrent requests cannot overshoot them.
/// </summary>
internal sealed class ApiKeyService(SwitchboardDbContext db, WriteGate writeGate, ApiKeyCache cache, TimeProvider time)
{
    public const int MaxKeysPerTenant = 10;
    public const int MaxNameLength = 50;

    public async Task<IReadOnlyList<ApiKeyEntity>> ListAsync(CancellationToken cancellationToken) =>
        await db.ApiKeys.OrderBy(k => k.Created).ThenBy(k => k.Id).ToListAsync(cancellationToken);

    public async Task<(ApiKeyEntity Key, string Secret)> CreateAsync(string? name, CancellationToken cancellationToken)
    {
        if (name is { Length: > MaxNameLength })
        {
            throw ApiException.InvalidField("name", $"Max string length ({MaxNameLength}) for `name` reached.");
        }

        await using var work = await UnitOfWork.BeginAsync(db, writeGate, cancellationToken);
        await db.LockTenantAsync(cancellationToken);
        if (await db.ApiKeys.CountAsync(cancellationToken) >= MaxKeysPerTenant)
        {
            throw ApiException.Conflict($"Maximum number of API keys reached ({MaxKeysPerTenant}). To create a new API key, delete an unused key first.");
        }

        var secret = ApiKeySecrets.Generate();
        var key = new ApiKeyEntity { Id = SequentialIds.Next(time), TenantId = db.TenantId, Name = name, KeyHash = ApiKeySecrets.Hash(secret), Created = time.UtcNow() };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        await work.CommitAsync(cancellationToken);
        return (key, secret);
    }

    public async Task DeleteAsync(Guid keyId, CancellationToken cancellationToken)
    {
        await using var work = await UnitOfWork.BeginAsync(db, writeGate, cancellationToken);
        await db.LockTenantAsync(cancellationToken);
        if (!await db.ApiKeys.AnyAsync(k => k.Id == keyId, cancellationToken))
        {
            throw ApiException.NotFound("API key not found: no API key with this id exists.");
        }

        if (await db.ApiKeys.CountAsync(cancellationToken) == 1)
        {
            throw ApiException.Conflict("This is the last API key: create another one before deleting it, or nobody could use the API.");
        }

        await db.ApiKeys.Where(k => k.Id == keyId).ExecuteDeleteAsync(cancellationToken);
        await work.CommitAsync(cancellationToken);
        cache.Clear();
    }
}
