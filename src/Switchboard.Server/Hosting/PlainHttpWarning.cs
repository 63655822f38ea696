using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Hosting;

/// <summary>
/// API keys and credentials travel in every request, so production traffic must be encrypted. Once the server listens,
/// in Production, warns when it serves plain http on an address other hosts can reach and no trusted proxy (a
/// TLS-terminating load balancer) is configured in front of it.
/// </summary>
internal sealed partial class PlainHttpWarning(
    IServer server, IHostEnvironment environment, IHostApplicationLifetime lifetime, IOptions<SwitchboardOptions> options, ILogger<PlainHttpWarning> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (environment.IsProduction() && !options.Value.ForwardedHeaders.Any)
        {
            lifetime.ApplicationStarted.Register(Check);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Check()
    {
        var exposed = (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []).Where(IsPlainHttpBeyondLoopback).ToList();
        if (exposed.Count > 0)
        {
            LogPlainHttp(logger, string.Join(", ", exposed));
        }
    }

    private static bool IsPlainHttpBeyondLoopback(string address)
    {
        var binding = BindingAddress.Parse(address);
        if (!string.Equals(binding.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase) || binding.IsNamedPipe || binding.IsUnixPipe)
        {
            return false;
        }

        var host = binding.Host.Trim('[', ']');
        return !string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) && !(IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening on plain http beyond this machine ({Addresses}) with no trusted proxy configured: API keys and credentials would cross the network unencrypted. Serve HTTPS (Kestrel's certificate settings), or put a TLS-terminating proxy in front and name it in Switchboard__ForwardedHeaders__KnownProxies__0 or __KnownNetworks__0.")]
    private static partial void LogPlainHttp(ILogger logger, string addresses);
}
