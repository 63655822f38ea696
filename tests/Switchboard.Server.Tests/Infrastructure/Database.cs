using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Connections;
using Switchboard.Server.Persistence;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// Direct access to a test server's database, for states no API reaches yet (Deauthorized) and for checking
/// what is stored (ciphertext present or destroyed). Ignores the tenant filter: tests look at rows by id.
/// </summary>
public static class Database
{
    public static async Task<ConnectionEntity?> FindConnectionRowAsync(this SwitchboardTestServer server, string connectionId)
    {
        await using var db = await server.CreateDbContextAsync();
        var id = Guid.Parse(connectionId);
        return await db.Set<ConnectionEntity>().IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id);
    }

    public static Task SetConnectionStatusAsync(this SwitchboardTestServer server, string connectionId, DataConnectionStatus status) =>
        server.UpdateConnectionRowAsync(connectionId, s => s.SetProperty(c => c.Status, status));

    /// <summary>Sets <c>modified</c> (the time of the connection's last change), as if it had been made then.</summary>
    public static Task SetConnectionModifiedAsync(this SwitchboardTestServer server, string connectionId, DateTime modified) =>
        server.UpdateConnectionRowAsync(connectionId, s => s.SetProperty(c => c.Modified, modified));

    /// <summary>Sets <c>last_sync</c>, which no API writes yet (syncs are not part of Switchboard).</summary>
    public static Task SetConnectionLastSyncAsync(this SwitchboardTestServer server, string connectionId, DateTime lastSync) =>
        server.UpdateConnectionRowAsync(connectionId, s => s.SetProperty(c => c.LastSync, lastSync));

    private static async Task UpdateConnectionRowAsync(
        this SwitchboardTestServer server, string connectionId, Action<UpdateSettersBuilder<ConnectionEntity>> set)
    {
        await using var db = await server.CreateDbContextAsync();
        var id = Guid.Parse(connectionId);
        var changed = await db.Set<ConnectionEntity>().IgnoreQueryFilters().Where(c => c.Id == id).ExecuteUpdateAsync(set);
        if (changed != 1)
        {
            throw new InvalidOperationException($"No connection row {connectionId} to update.");
        }
    }

    public static Task<SwitchboardDbContext> CreateDbContextAsync(this SwitchboardTestServer server) =>
        server.Services.GetRequiredService<IDbContextFactory<SwitchboardDbContext>>().CreateDbContextAsync();
}
