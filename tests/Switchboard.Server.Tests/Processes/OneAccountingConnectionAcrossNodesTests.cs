using System.Net;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Processes;

/// <summary>
/// Two server processes on one database authorize two accounting connections of one company at the same moment:
/// in each of 100 rounds exactly one is Linked and the other is answered 409.
/// </summary>
public sealed class OneAccountingConnectionAcrossNodesTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    [Fact]
    public async Task TwoNodesAuthorizingTwoAccountingConnectionsOfOneCompany_LinkExactlyOne_In100Rounds()
    {
        var (a, b) = (nodes.ClientA, nodes.ClientB);
        for (var round = 0; round < 100; round++)
        {
            var companyId = await a.CreateCompanyIdAsync($"Round {round}");
            var first = (await a.CreateConnectionAsync(companyId, "gbol")).Id();
            var second = (await b.CreateConnectionAsync(companyId, "gbol")).Id();

            var answers = await Task.WhenAll(a.AuthorizeAsync(companyId, first), b.AuthorizeAsync(companyId, second));

            var codes = answers.Select(r => r.StatusCode).Order().ToList();
            Assert.True(codes.SequenceEqual([HttpStatusCode.OK, HttpStatusCode.Conflict]), $"round {round} answered {string.Join(", ", codes)}");
            Assert.Equal(1, await nodes.Database.CountAsync($"SELECT COUNT(*) FROM connections WHERE {CompanyIs(companyId)} AND status = 'Linked'"));
        }
    }

    /// <summary>A SQL condition on <c>company_id</c> that works on both backends (SQLite stores GUIDs as upper-case text).</summary>
    private string CompanyIs(string companyId) => nodes.Database.IsPostgres
        ? $"company_id = '{Guid.Parse(companyId)}'::uuid"
        : $"upper(company_id) = '{Guid.Parse(companyId).ToString().ToUpperInvariant()}'";
}
