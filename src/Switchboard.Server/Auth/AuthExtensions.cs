using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.Server.Auth;

internal static class AuthExtensions
{
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyCache>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        // The default policy (an authenticated user) names no scheme, so authorization reads the user that
        // UseAuthentication already set instead of authenticating the request a second time.
        services.AddAuthorization();
        return services;
    }
}
