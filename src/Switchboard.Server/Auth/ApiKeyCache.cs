using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Auth;

/// <summary>
/// Recently resolved API keys (by hash), so most requests do not spend a database lookup on their key. Entries
/// live for <see cref="SwitchboardOptions.ApiKeyCacheLifetime"/>; deleting a key clears this node's cache at once,
/// while another node may accept a deleted key until its entry expires (zero turns the cache off). An entry keeps the
/// key's principal too, so a request with a known key allocates no claims: nothing in the server changes a principal.
/// </summary>
internal sealed class ApiKeyCache(IOptions<SwitchboardOptions> options, TimeProvider time)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public ClaimsPrincipal? TryGet(string keyHash) =>
        _entries.TryGetValue(keyHash, out var entry) && entry.Expires > time.GetUtcNow() ? entry.Principal : null;

    public void Add(string keyHash, ClaimsPrincipal principal)
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

        _entries[keyHash] = new Entry(principal, time.GetUtcNow() + lifetime);
    }

    public void Clear() => _entries.Clear();

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset Expires);
}
