using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Server.ApiKeys;
using Switchboard.Server.Auth;
using Switchboard.Server.Common;
using Switchboard.Server.Companies;
using Switchboard.Server.Configuration;
using Switchboard.Server.Connections;
using Switchboard.Server.Credentials;
using Switchboard.Server.Errors;
using Switchboard.Server.Health;
using Switchboard.Server.Idempotency;
using Switchboard.Server.Integrations;
using Switchboard.Server.Json;
using Switchboard.Server.Link;
using Switchboard.Server.OpenApi;
using Switchboard.Server.OAuth;
using Switchboard.Server.Persistence;
using Switchboard.Server.Profiles;
using Switchboard.Server.RateLimiting;
using Switchboard.Server.Telemetry;
using Switchboard.Server.Tenancy;
using Switchboard.Server.Webhooks;

namespace Switchboard.Server.Hosting;

/// <summary>The whole server, in the order a request meets it. Program.cs and the tests both build it here.</summary>
public static class SwitchboardApplication
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json ships beside the binary; find it wherever the server is started from.
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Startup failures are reported by Program as one clear line; the host's own error log would repeat them with a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        // ASP.NET Core's request log writes each URL with its query string, where a platform's authorization code and a
        // Link page's token travel: it never reaches a log, whatever the configured levels.
        RequestLineGuard.Replace(builder.Services);
        configure?.Invoke(builder);
        builder.AddSwitchboardLogging();
        builder.AddSwitchboardTelemetry();
        var services = builder.Services;

        services.AddSwitchboardOptions();
        services.AddErrorHandling();
        services.AddTrustedProxies();
        services.AddWireJson();
        services.AddPersistence(builder.Configuration);
        // The first hosted service, so every one after it (the webhook worker, Data Protection's key ring load, which
        // authentication registers) starts on a migrated database.
        services.AddHostedService<DatabaseInitializer>();
        services.AddApiKeyAuthentication();
        services.AddCredentialProtection();
        services.AddRateLimits();
        services.AddFeatures();
        services.AddApiDocument();
        services.AddSwitchboardHealthChecks();
        services.AddWebhooks();
        services.AddHostedService<IdempotencyCleanup>();
        services.AddHostedService<PlainHttpWarning>();
        services.AddOAuth();
        services.AddSharedDataProtection();
        services.AddLinkPages();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = context.Configuration.GetValue($"{SwitchboardOptions.SectionName}:{nameof(SwitchboardOptions.MaxRequestBodyBytes)}", 64L * 1024);
        });

        var app = builder.Build();
        app.UseTrustedProxies();
        app.UseErrorHandling();
        app.UseAuthentication();
        app.UseRateLimits();
        app.UseAuthorization();
        app.UseMiddleware<IdempotencyMiddleware>();
        app.MapHealth();
        app.MapApiDocument();
        app.MapCompanies();
        app.MapConnections();
        app.MapIntegrations();
        app.MapApiKeys();
        app.MapSimulation();
        app.MapLink();
        app.MapProfile();
        app.MapWebhooks();
        app.MapOAuth();
        return app;
    }

    private static void AddSwitchboardOptions(this IServiceCollection services)
    {
        services.AddOptions<SwitchboardOptions>().BindConfiguration(SwitchboardOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SwitchboardOptions>, SwitchboardOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
    }

    private static void AddWireJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options =>
        {
            WireJson.Configure(options.SerializerOptions);
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, WireJson.Context);
        });

    private static void AddCredentialProtection(this IServiceCollection services)
    {
        services.AddSingleton(provider => EncryptionKeyLoader.Load(
            provider.GetRequiredService<IOptions<SwitchboardOptions>>().Value,
            provider.GetRequiredService<IHostEnvironment>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EncryptionKeyLoader).FullName!)));
        services.AddSingleton<CredentialProtector>();
        services.AddSingleton<CredentialReencryption>();
    }

    private static void AddFeatures(this IServiceCollection services)
    {
        services.AddSingleton(provider => new IntegrationCatalog(provider.GetRequiredService<IOptions<SwitchboardOptions>>().Value.Integrations));
        services.AddSingleton<LinkTokens>();
        services.AddSingleton<PublicUrls>();
        services.AddSingleton<TenantStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<TenantAdministration>();
        services.AddScoped<CurrentTenant>();
        services.AddScoped<ApiKeyService>();
        services.AddScoped<CompanyService>();
        services.AddScoped<ConnectionService>();
        services.AddSingleton<ConnectionStore>();
        services.AddScoped<LinkSession>();
        services.AddSingleton<ProfileStore>();
        services.AddScoped<ProfileService>();
        services.AddScoped<LinkFinish>();
    }
}
