using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;
using Switchboard.Server.Credentials;
using Switchboard.Server.Persistence;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Hosting;

/// <summary>
/// Operator commands that run against the configured database instead of serving HTTP:
/// <c>tenants create "Name"</c> creates a tenant and prints its first API key once;
/// <c>credentials reencrypt [--batch-size N]</c> re-encrypts every stored credential and webhook signing secret, and the Link pages' Data Protection keys, under the current key.
/// </summary>
public static class AdminCommands
{
    private const string Usage =
        "Usage: Switchboard.Server tenants create \"<tenant name>\" [configuration arguments]\n" +
        "       Switchboard.Server credentials reencrypt [--batch-size N] [configuration arguments]";

    public static bool IsAdminCommand(string[] args) => args is ["tenants", ..] or ["credentials", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        switch (args)
        {
            case ["tenants", "create", var name, .. var rest] when !string.IsNullOrWhiteSpace(name):
                return await CreateTenantAsync(name, rest);
            case ["credentials", "reencrypt", "--batch-size", var size, .. var rest]
                when int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var batchSize) && batchSize > 0:
                return await ReencryptAsync(batchSize, rest);
            case ["credentials", "reencrypt", .. var rest] when rest is not ["--batch-size", ..]:
                return await ReencryptAsync(500, rest);
            default:
                await Console.Error.WriteLineAsync(Usage);
                return 2;
        }
    }

    private static async Task<int> CreateTenantAsync(string name, string[] configuration)
    {
        await using var app = await BuildMigratedAsync(configuration);
        var (tenantId, apiKey) = await app.Services.GetRequiredService<TenantAdministration>().CreateTenantAsync(name, CancellationToken.None);
        Console.Out.WriteLine($"Created tenant '{name}' ({tenantId}). Its API key, shown only this once:");
        Console.Out.WriteLine(apiKey);
        return 0;
    }

    /// <summary>Safe while nodes serve traffic, and resumable: run it again after a stop and it goes on where it was.</summary>
    private static async Task<int> ReencryptAsync(int batchSize, string[] configuration)
    {
        await using var app = await BuildMigratedAsync(configuration);
        var keyId = app.Services.GetRequiredService<CredentialProtector>().CurrentKeyId;
        Console.Out.WriteLine($"Re-encrypting stored credentials and webhook signing secrets under the current key ({keyId}), {batchSize} per batch.");
        var done = await app.Services.GetRequiredService<CredentialReencryption>().RunAsync(
            batchSize,
            progress => Console.Out.WriteLine(
                $"  {progress.Reencrypted} re-encrypted, {progress.ChangedMeanwhile} changed meanwhile (already current), {progress.Unreadable} under an unknown key"),
            CancellationToken.None);
        Console.Out.WriteLine(done.Unreadable == 0
            ? $"Done: {done.Reencrypted} re-encrypted. Every stored credential and signing secret is under key {keyId}; previous keys can be removed."
            : $"Done, but {done.Unreadable} credential(s) or signing secret(s) are under a key this server was not given: add it to Switchboard__EncryptionKeys__Previous__N and run again.");
        return done.Unreadable == 0 ? 0 : 1;
    }

    private static async Task<Microsoft.AspNetCore.Builder.WebApplication> BuildMigratedAsync(string[] configuration)
    {
        var app = SwitchboardApplication.Build(configuration);
        var provider = app.Services.GetRequiredService<IOptions<SwitchboardOptions>>().Value.Database.Provider;
        await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(provider, CancellationToken.None);
        return app;
    }
}
