using System.Net;
using Switchboard.Server.Connections;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Connections;

/// <summary>
/// Codat's rule: a company connects one accounting platform and one bank-feeds platform at a time, and any number of
/// banking and commerce ones. A second connection of such a kind can be created (it waits in PendingAuth), but
/// authorizing it while another of its kind is Linked answers 409 naming the Linked one; of two at once, exactly one wins.
/// </summary>
public sealed class OneAccountingConnectionTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly SwitchboardTestServer _server = shared.Server;

    [Fact]
    public async Task AuthorizingASecondAccountingConnection_WhileOneIsLinked_Returns409NamingTheLinkedOne()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var xero = (await _server.Client.CreateConnectionAsync(companyId, "gbol")).Id();
        (await _server.Client.AuthorizeAsync(companyId, xero)).EnsureSuccessStatusCode();
        var sandbox = (await _server.Client.CreateConnectionAsync(companyId, "mqjo")).Id();

        var error = await (await _server.Client.AuthorizeAsync(companyId, sandbox, new Dictionary<string, string>())).ReadErrorAsync(HttpStatusCode.Conflict);

        Assert.Contains("Xero", error.Error(), StringComparison.Ordinal);
        Assert.Contains(xero, error.Error(), StringComparison.Ordinal);
        Assert.Equal(DataConnectionStatus.PendingAuth, (await _server.FindConnectionRowAsync(sandbox))?.Status);
        Assert.Equal(DataConnectionStatus.Linked, (await _server.FindConnectionRowAsync(xero))?.Status);
    }

    [Fact]
    public async Task ReauthorizingTheLinkedAccountingConnection_IsAllowed()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var xero = (await _server.Client.CreateConnectionAsync(companyId, "gbol")).Id();
        (await _server.Client.AuthorizeAsync(companyId, xero)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, (await _server.Client.AuthorizeAsync(companyId, xero)).StatusCode);
    }

    [Fact]
    public async Task OnceTheLinkedOneIsUnlinked_AnotherAccountingConnectionCanBeAuthorized()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var xero = (await _server.Client.CreateConnectionAsync(companyId, "gbol")).Id();
        (await _server.Client.AuthorizeAsync(companyId, xero)).EnsureSuccessStatusCode();
        var sandbox = (await _server.Client.CreateConnectionAsync(companyId, "mqjo")).Id();
        (await _server.Client.UnlinkAsync(companyId, xero)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, (await _server.Client.AuthorizeAsync(companyId, sandbox, new Dictionary<string, string>())).StatusCode);
    }

    [Fact]
    public async Task CommerceConnections_AndAccountingConnectionsOfOtherCompanies_AreNotLimited()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var other = await _server.Client.CreateCompanyIdAsync("Other Ltd");
        foreach (var company in new[] { companyId, other })
        {
            var xero = (await _server.Client.CreateConnectionAsync(company, "gbol")).Id();
            (await _server.Client.AuthorizeAsync(company, xero)).EnsureSuccessStatusCode();
        }

        for (var i = 0; i < 2; i++)
        {
            var commerce = (await _server.Client.CreateConnectionAsync(companyId, "aiwb")).Id();
            Assert.Equal(HttpStatusCode.OK, (await _server.Client.AuthorizeAsync(companyId, commerce, new Dictionary<string, string>())).StatusCode);
        }
    }

    [Fact]
    public async Task TwoConcurrentAuthorizationsOfTwoAccountingConnections_ExactlyOneWins_In100Rounds()
    {
        for (var round = 0; round < 100; round++)
        {
            var companyId = await _server.Client.CreateCompanyIdAsync($"Round {round}");
            var first = (await _server.Client.CreateConnectionAsync(companyId, "gbol")).Id();
            var second = (await _server.Client.CreateConnectionAsync(companyId, "gbol")).Id();

            var answers = await Task.WhenAll(_server.Client.AuthorizeAsync(companyId, first), _server.Client.AuthorizeAsync(companyId, second));

            var codes = answers.Select(a => a.StatusCode).Order().ToList();
            Assert.True(codes.SequenceEqual([HttpStatusCode.OK, HttpStatusCode.Conflict]), $"round {round} answered {string.Join(", ", codes)}");
            var statuses = new[] { (await _server.FindConnectionRowAsync(first))?.Status, (await _server.FindConnectionRowAsync(second))?.Status };
            Assert.Single(statuses, s => s == DataConnectionStatus.Linked);
        }
    }
}
