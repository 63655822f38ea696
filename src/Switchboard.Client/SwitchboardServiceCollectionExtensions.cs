using Microsoft.Extensions.Options;
using Switchboard.Client;

// In the namespace of IServiceCollection, as Microsoft's own extensions are, so it is found without a using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers <see cref="SwitchboardClient"/> with dependency injection.
/// </summary>
public static class SwitchboardServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the client uses, for <c>IHttpClientFactory</c> configuration.</summary>
    public const string HttpClientName = "Switchboard";

    /// <summary>
    /// Registers <see cref="SwitchboardClient"/> as a typed client of <c>IHttpClientFactory</c>, configured
    /// by <paramref name="configure"/> (on top of any <c>SwitchboardClientOptions</c> configuration already
    /// registered, for example bound from configuration).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the server's address, credentials, retry policy and time limits.</param>
    /// <returns>The builder of the underlying HTTP client, to add handlers or resilience.</returns>
    public static IHttpClientBuilder AddSwitchboardClient(this IServiceCollection services, Action<SwitchboardClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SwitchboardClientOptions>().Configure(configure);
        return services
            .AddHttpClient(HttpClientName)
            // The client enforces SwitchboardClientOptions.Timeout per try; HttpClient's 100 s default would cut it short.
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddTypedClient((http, provider) => new SwitchboardClient(http, provider.GetRequiredService<IOptions<SwitchboardClientOptions>>().Value));
    }
}
