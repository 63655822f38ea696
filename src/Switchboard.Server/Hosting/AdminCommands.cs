using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;
using Switchboard.Server.Persistence;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Hosting;

/// <summary>
/// Operator commands that run against the configured database instead of serving HTTP:
/// <c>tenants create "Name"</c> creates a tenant and prints its first API key once.
/// </summary>
public static class AdminCommands
{
    public static bool IsAdminCommand(string[] args) => args is ["tenants", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ["tenants", "create", var name, .. var rest] || string.IsNullOrWhiteSpace(name))
        {
            await Console.Error.WriteLineAsync("Usage: Switchboard.Server tenants create \"<tenant name>\" [configuration arguments]");
            return 2;
        }

        await using var app = SwitchboardApplication.Build(rest);
        var provider = app.Services.GetRequiredService<IOptions<SwitchboardOptions>>().Value.Database.Provider;
        await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(provider, CancellationToken.None);
        var (tenantId, apiKey) = await app.Services.GetRequiredService<TenantAdministration>().CreateTenantAsync(name, CancellationToken.None);
        Console.Out.WriteLine($"Created tenant '{name}' ({tenantId}). Its API key, shown only this once:");
        Console.Out.WriteLine(apiKey);
        return 0;
    }
}
