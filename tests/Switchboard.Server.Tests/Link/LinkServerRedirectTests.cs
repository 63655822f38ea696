using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Link;

/// <summary>With no profile redirect, the server-wide <c>Switchboard:LinkRedirectUrl</c> is where links end.</summary>
public sealed class LinkServerRedirectTests : IAsyncLifetime
{
    private SwitchboardTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?>
    {
        ["Switchboard:LinkRedirectUrl"] = "https://server-default.example/done/{platform}/{statusCode}",
    });

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task WithoutAProfileRedirect_TheServersDefaultIsUsed_AndAProfilesOwnWins()
    {
        var connection = await _server.Client.CreateConnectionAsync(await _server.Client.CreateCompanyIdAsync(), "knfz");
        var answer = await _server.SubmitLinkAsync(connection["linkUrl"].Str(), new Dictionary<string, string> { ["apiKey"] = "k" });
        Assert.Equal("https://server-default.example/done/knfz/200", answer.Headers.Location!.OriginalString);
        Assert.Equal("https://server-default.example/done/{platform}/{statusCode}", (await _server.Client.GetObjectAsync("/profile"))["redirectUrl"].Str());

        (await _server.Client.SendAsync(HttpMethod.Put, "/profile", """{"name":"Own","redirectUrl":"https://own.example/{statusCode}"}""")).EnsureSuccessStatusCode();
        var other = await _server.Client.CreateConnectionAsync(await _server.Client.CreateCompanyIdAsync(), "knfz");
        var own = await _server.SubmitLinkAsync(other["linkUrl"].Str(), new Dictionary<string, string> { ["action"] = "cancel" });
        Assert.Equal("https://own.example/403", own.Headers.Location!.OriginalString);
    }
}
