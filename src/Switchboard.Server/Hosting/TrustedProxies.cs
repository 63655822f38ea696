using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Hosting;

/// <summary>
/// ASP.NET Core's forwarded-headers middleware, trusting only the proxies and networks the operator names
/// (<c>Switchboard:ForwardedHeaders</c>), not the framework's default of loopback: behind them the client address
/// (rate limits, logs) and scheme come from <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>; from anyone else those
/// headers are ignored.
/// </summary>
internal static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<SwitchboardOptions>>((forwarded, switchboard) =>
        {
            var settings = switchboard.Value.ForwardedHeaders;
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in settings.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in settings.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }

    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<SwitchboardOptions>>().Value.ForwardedHeaders.Any)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
