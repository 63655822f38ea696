using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Auth;

/// <summary>
/// Recently resolved API keys (by hash), so most requests do not spend a database lookup on their key. Entries
/// live for <see cref="SwitchboardOptions.ApiKeyCacheLifetime"/>; deleting a key clears this node's cache at once,
/// while another node may accept a deleted key until its entry expires (zero turns the cache off).
/// </summary>
internal sealed class ApiKeyCache(IOptions<SwitchboardOptions> options, TimeProvider time)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string keyHash, out Guid keyId, out Guid tenantId)
    {
        if (_entries.TryGetValue(keyHash, out var entry) && entry.Expires > time.GetUtcNow())
        {
            (keyId, tenantId) = (entry.KeyId, entry.TenantId);
            return true;
        }

        (keyId, tenantId) = (Guid.Empty, Guid.Empty);
        return false;
    }

    public void Add(string keyHash, Guid keyId, Guid tenantId)
    {
        var lifetime = options.Value.ApiKeyCacheLifetime;
        if (lifetime <= TimeSpan.Zero)
        {
            return;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[keyHash] = new Entry(keyId, tenantId, time.GetUtcNow() + lifetime);
    }

    public void Clear() => _entries.Clear();

    private sealed record Entry(Guid KeyId, Guid TenantId, DateTimeOffset Expires);
}
