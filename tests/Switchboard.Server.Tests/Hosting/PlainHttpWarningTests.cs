using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Hosting;

/// <summary>
/// In Production the server warns at start when it listens on plain http on an address beyond loopback and no trusted
/// (TLS-terminating) proxy is configured; on loopback, behind a trusted proxy, or in Development it does not.
/// </summary>
public sealed class PlainHttpWarningTests
{
    private const string Warning = "Listening on plain http beyond this machine";

    /// <summary>Kestrel's endpoint configuration wins over the test server's loopback address.</summary>
    private static readonly (string, string?) AllAddresses = ("Kestrel:Endpoints:Http:Url", "http://0.0.0.0:0");

    [Fact]
    public async Task Start_InProductionOnPlainHttpOnAllAddresses_WarnsNamingTheAddress()
    {
        await using var server = await SwitchboardTestServer.StartAsync(Settings(AllAddresses), "Production");

        var warning = Assert.Single(server.Logs.Lines, line => line.Contains(Warning, StringComparison.Ordinal));
        Assert.StartsWith("Warning", warning, StringComparison.Ordinal);
        Assert.Contains("http://0.0.0.0:", warning, StringComparison.Ordinal);
        Assert.Contains("Switchboard__ForwardedHeaders__KnownProxies__0", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InProductionBehindATrustedProxy_DoesNotWarn()
    {
        await using var server = await SwitchboardTestServer.StartAsync(Settings(AllAddresses, ("Switchboard:ForwardedHeaders:KnownProxies:0", "10.0.0.5")), "Production");

        Assert.DoesNotContain(server.Logs.Lines, line => line.Contains(Warning, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_InProductionOnLoopback_DoesNotWarn()
    {
        await using var server = await SwitchboardTestServer.StartAsync(environment: "Production");

        Assert.DoesNotContain(server.Logs.Lines, line => line.Contains(Warning, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_InDevelopmentOnAllAddresses_DoesNotWarn()
    {
        await using var server = await SwitchboardTestServer.StartAsync(Settings(AllAddresses));

        Assert.DoesNotContain(server.Logs.Lines, line => line.Contains(Warning, StringComparison.Ordinal));
    }

    private static Dictionary<string, string?> Settings(params (string Key, string? Value)[] settings) => settings.ToDictionary(s => s.Key, s => s.Value);
}
