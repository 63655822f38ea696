using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.OAuth;

internal static class OAuthExtensions
{
    /// <summary>The OAuth 2.0 link flow, the token endpoint client and the refresher (which runs on every node).</summary>
    public static IServiceCollection AddOAuth(this IServiceCollection services)
    {
        services.AddHttpClient(TokenEndpointClient.HttpClientName)
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<IOptions<SwitchboardOptions>>().Value.Tokens.HttpTimeout);
        services.AddSingleton<OAuthKeys>();
        services.AddSingleton<OAuthStateStore>();
        services.AddSingleton<TokenEndpointClient>();
        services.AddScoped<OAuthLinkFlow>();
        services.AddScoped<TokenKeeper>();
        services.AddSingleton<PlatformPauses>();
        services.AddSingleton<RefreshBudgets>();
        services.AddSingleton<RefreshSchedule>();
        services.AddHostedService<TokenRefresher>();
        return services;
    }
}
