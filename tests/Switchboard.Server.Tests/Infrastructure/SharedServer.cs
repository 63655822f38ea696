using Xunit;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// One server for all tests of a class (an <c>IClassFixture</c>), for classes whose tests each create their own
/// company or tenant and change no server-wide state: they stay independent without paying for a start each.
/// </summary>
public sealed class SharedServer : IAsyncLifetime
{
    public SwitchboardTestServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await SwitchboardTestServer.StartAsync();

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
