using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Webhooks;

internal static class WebhookExtensions
{
    /// <summary>The consumers API's services, the outbox, and the delivery worker with its HTTP client (no redirects, addresses checked on connect).</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookCommitInterceptor>();
        services.AddSingleton<WebhookOutbox>();
        services.AddScoped<WebhookService>();
        services.AddHostedService<WebhookDispatcher>();
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Switchboard-Webhooks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var settings = provider.GetRequiredService<IOptions<SwitchboardOptions>>().Value.Webhooks;
                var allowPrivate = settings.PrivateNetworksAllowed(provider.GetRequiredService<IHostEnvironment>());
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    UseProxy = false,
                    ConnectTimeout = settings.Timeout,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    ConnectCallback = WebhookAddresses.ConnectCallback(() => allowPrivate),
                };
            });
        return services;
    }
}
