using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Switchboard.Server.Configuration;
using Switchboard.Server.Credentials;
using Switchboard.Server.Persistence;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Hosting;

/// <summary>
/// Runs before the server accepts requests: checks the encryption key, migrates the schema, and makes sure a
/// tenant with an API key exists (printing a generated key once). Any failure stops the start.
/// </summary>
internal sealed partial class DatabaseInitializer(
    IServiceProvider services, IOptions<SwitchboardOptions> options, IHostApplicationLifetime lifetime, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<EncryptionKeyRing>();
        var settings = options.Value;
        LogDatabase(logger, Describe(settings.Database.Provider, services.GetRequiredService<DbDataSource>().ConnectionString));
        await services.GetRequiredService<SchemaMigrator>().MigrateAsync(settings.Database.Provider, cancellationToken);
        var databaseFile = settings.Database.Provider == DatabaseProvider.Sqlite
            ? PersistenceExtensions.SqliteFile(services.GetRequiredService<DbDataSource>().ConnectionString)
            : null;
        DataFolder.WarnIfOthersCanRead(Path.GetFullPath(settings.DataDirectory), databaseFile, logger);
        var bootstrap = await services.GetRequiredService<TenantAdministration>()
            .BootstrapAsync(settings.BootstrapApiKey, settings.Database.Provider, cancellationToken);
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(WarmUpAsync));
        if (bootstrap.ConfiguredKeyIgnored)
        {
            LogBootstrapKeyIgnored(logger);
        }

        if (bootstrap.GeneratedKey is { } generated)
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

    /// <summary>Where the data is, for the start-up log: the SQLite file's full path, or PostgreSQL's host and database (never a password).</summary>
    internal static string Describe(DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var postgres = new NpgsqlConnectionStringBuilder(connectionString);
            return $"PostgreSQL database '{postgres.Database}' on {postgres.Host}:{postgres.Port}";
        }

        return $"SQLite file {Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource)}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Data: {Database}")]
    private static partial void LogDatabase(ILogger logger, string database);

    /// <summary>
    /// EF Core builds its model and compiles its first query on first use, a few hundred milliseconds. Starting
    /// the server does not need it (migrations, the first key and key lookups are plain SQL), so it is done in the
    /// background once the server listens, rather than inside the first request that lists or writes.
    /// </summary>
    private async Task WarmUpAsync()
    {
        try
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<SwitchboardDbContext>>().CreateDbContextAsync(lifetime.ApplicationStopping);
            await db.Companies.AnyAsync(lifetime.ApplicationStopping); // no tenant set: sees no rows
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or DbException)
        {
            // Stopping already, or the database is busy: the first request that needs EF Core does this itself.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Switchboard:BootstrapApiKey was not added: it is applied only to an empty database, and this one already has tenants but not this key (it was deleted, or the database was started without it). Create keys with POST /apiKeys or the tenants command.")]
    private static partial void LogBootstrapKeyIgnored(ILogger logger);
}
