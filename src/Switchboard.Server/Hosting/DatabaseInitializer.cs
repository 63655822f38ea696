using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;
using Switchboard.Server.Credentials;
using Switchboard.Server.Persistence;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Hosting;

/// <summary>
/// Runs before the server accepts requests: checks the encryption key, migrates the schema, and makes sure a
/// tenant with an API key exists (printing a generated key once). Any failure stops the start.
/// </summary>
internal sealed class DatabaseInitializer(IServiceProvider services, IOptions<SwitchboardOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<EncryptionKeyRing>();
        var settings = options.Value;
        await services.GetRequiredService<SchemaMigrator>().MigrateAsync(settings.Database.Provider, cancellationToken);
        var generated = await services.GetRequiredService<TenantAdministration>()
            .BootstrapAsync(settings.BootstrapApiKey, settings.Database.Provider, cancellationToken);
        if (generated is not null)
        {
            // Written to the console, not the log: a key must never reach log storage.
            Console.Out.WriteLine($"""

                ==================================================================
                 Switchboard created the first tenant and its API key:

                     {generated}

                 It is shown only this once. Keep it somewhere safe.
                 Send it as:  Authorization: Basic <base64 of the key>
                ==================================================================

                """);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
