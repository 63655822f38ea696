using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Switchboard.Server.Configuration;
using Switchboard.Server.Hosting;
using Switchboard.Server.Persistence.Sql;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Persistence;

internal static class PersistenceExtensions
{
    public const string ConnectionStringName = "Switchboard";

    /// <summary>
    /// Registers a pooled <see cref="SwitchboardDbContext"/> for the configured provider. Request code asks for
    /// <see cref="SwitchboardDbContext"/> and gets one scoped to the caller's tenant. Start-up (migrations, the first
    /// key) and the hottest statements use plain connections (<see cref="DbDataSource"/>, <see cref="ReadPool"/>), so a
    /// server answers its first requests without waiting for EF Core to build its model.
    /// </summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(SwitchboardOptions.SectionName).Get<SwitchboardOptions>() ?? new SwitchboardOptions();
        var database = options.Database;
        var connectionString = ResolveConnectionString(options, configuration.GetConnectionString(ConnectionStringName));

        services.AddPooledDbContextFactory<SwitchboardDbContext>((provider, builder) =>
        {
            if (database.Provider == DatabaseProvider.Postgres)
            {
                builder.UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>());
            }
            else
            {
                builder.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas(database.SqliteSynchronous, database.BusyTimeout));
            }

            builder.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
            // Wakes the webhook worker when a transaction that wrote events commits.
            builder.AddInterceptors(provider.GetRequiredService<Webhooks.WebhookCommitInterceptor>());
        });
        services.AddScoped(provider =>
        {
            var db = provider.GetRequiredService<IDbContextFactory<SwitchboardDbContext>>().CreateDbContext();
            db.TenantId = provider.GetRequiredService<CurrentTenant>().Id;
            return db;
        });
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton(SqlDialect.For(database.Provider));
        if (database.Provider == DatabaseProvider.Postgres)
        {
            // One Npgsql pool for EF Core and the hand-written statements.
            services.AddSingleton(_ => NpgsqlDataSource.Create(WithAutoPrepare(connectionString)));
            services.AddSingleton<DbDataSource>(provider => provider.GetRequiredService<NpgsqlDataSource>());
            services.AddSingleton<ReadPool>(provider => new PostgresReadPool(provider.GetRequiredService<NpgsqlDataSource>()));
        }
        else
        {
            services.AddSingleton(SqliteFactory.Instance.CreateDataSource(connectionString));
            services.AddSingleton<ReadPool>(_ => new SqliteReadPool(connectionString, database.BusyTimeout));
        }

        services.AddSingleton(new WriteGate(enabled: database.Provider == DatabaseProvider.Sqlite));
        return services;
    }

    /// <summary>Prepares the most used statements on each connection, unless the operator chose otherwise.</summary>
    internal static string WithAutoPrepare(string connectionString)
    {
        // Npgsql accepts "Max Auto Prepare" and "MaxAutoPrepare" alike; look for either as written.
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (written.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64 }.ToString();
    }

    /// <summary>The file a SQLite connection string opens; null for an in-memory database.</summary>
    internal static string? SqliteFile(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        return builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:" ? null : Path.GetFullPath(builder.DataSource);
    }

    internal static string ResolveConnectionString(SwitchboardOptions options, string? configured)
    {
        if (options.Database.Provider == DatabaseProvider.Postgres)
        {
            return configured ?? throw new StartupException(
                $"Switchboard:Database:Provider is Postgres, but ConnectionStrings:{ConnectionStringName} is not set " +
                $"(environment variable ConnectionStrings__{ConnectionStringName}).");
        }

        var builder = new SqliteConnectionStringBuilder(configured ?? string.Empty);
        if (string.IsNullOrEmpty(builder.DataSource))
        {
            builder.DataSource = Path.Combine(Path.GetFullPath(options.DataDirectory), "switchboard.db");
        }

        builder.ForeignKeys = true;
        builder.Pooling = true;
        builder.DefaultTimeout = (int)Math.Ceiling(options.Database.BusyTimeout.TotalSeconds);
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            DataFolder.Create(folder);
        }

        if (SqliteFile(builder.ToString()) is { } file)
        {
            DataFolder.CreateDatabaseFile(file);
        }

        return builder.ToString();
    }
}
