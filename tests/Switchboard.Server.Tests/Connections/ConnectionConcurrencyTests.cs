using System.Net;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Connections;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Connections;

/// <summary>
/// Operations racing on one connection or company each see a consistent row: every answer is a success, 404 or
/// 409 (never a 500), exactly one delete wins, and nothing deleted comes back.
/// </summary>
public sealed class ConnectionConcurrencyTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly SwitchboardTestServer _server = shared.Server;

    [Fact]
    public async Task RacingAuthorizeUnlinkAndDelete_AnswerConsistentlyAndDeleteWins()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var id = (await _server.Client.CreateConnectionAsync(companyId, "gbol")).Id();
        (await _server.Client.AuthorizeAsync(companyId, id)).EnsureSuccessStatusCode();
        var path = $"/companies/{companyId}/connections/{id}";

        var operations = Enumerable.Range(0, 24).Select(i => (i % 4) switch
        {
            0 => ("authorize", _server.Client.AuthorizeAsync(companyId, id)),
            1 => ("unlink", _server.Client.UnlinkAsync(companyId, id)),
            2 => ("get", _server.Client.GetAsync(path)),
            _ => ("delete", _server.Client.DeleteAsync(path)),
        }).ToList();
        await Task.WhenAll(operations.Select(o => o.Item2));
        var answers = new List<(string Name, HttpResponseMessage Response)>();
        foreach (var (name, task) in operations)
        {
            answers.Add((name, await task));
        }

        foreach (var (name, response) in answers)
        {
            var allowed = name == "unlink" ? new[] { HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.Conflict } : [HttpStatusCode.OK, HttpStatusCode.NotFound];
            Assert.True(allowed.Contains(response.StatusCode), $"{name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Single(answers, a => a.Name == "delete" && a.Response.StatusCode == HttpStatusCode.OK);
        await (await _server.Client.GetAsync(path)).ReadErrorAsync(HttpStatusCode.NotFound);
        Assert.Null(await _server.FindConnectionRowAsync(id));
    }

    [Fact]
    public async Task RacingAuthorizeAndUnlink_LeaveAStateMatchingTheStoredCredentials()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var id = (await _server.Client.CreateConnectionAsync(companyId, "gbol")).Id();
        (await _server.Client.AuthorizeAsync(companyId, id)).EnsureSuccessStatusCode();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? _server.Client.AuthorizeAsync(companyId, id)
            : _server.Client.UnlinkAsync(companyId, id)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var row = await _server.FindConnectionRowAsync(id);
        Assert.Equal(row!.Status == DataConnectionStatus.Linked, row.Credentials is not null);
        Assert.Equal(row.Credentials is not null, row.CredentialKeyId is not null);
    }

    /// <summary>
    /// With an <c>Idempotency-Key</c>, a create runs inside the transaction that records its answer: on PostgreSQL a
    /// statement that fails there (a foreign key refusing the row of a company deleted meanwhile) aborts the whole
    /// transaction, and the 404 could not be recorded (a 500). The insert locks the company's row instead, so the
    /// delete waits for it or it finds the company gone.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreatingConnectionsWhileTheCompanyIsDeleted_LeavesNoOrphans(bool idempotent)
    {
        for (var round = 0; round < 5; round++)
        {
            var companyId = await _server.Client.CreateCompanyIdAsync();

            var creates = Enumerable.Range(0, 16).Select(_ =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, $"/companies/{companyId}/connections") { Content = Api.Json("""{"platformKey":"mqjo"}""") };
                if (idempotent)
                {
                    request.Headers.Add(Requests.IdempotencyKey, Guid.NewGuid().ToString());
                }

                return _server.Client.SendAsync(request);
            }).ToList();
            var delete = _server.Client.DeleteAsync($"/companies/{companyId}");
            await Task.WhenAll([.. creates, delete]);

            Assert.Equal(HttpStatusCode.NoContent, (await delete).StatusCode);
            foreach (var create in creates)
            {
                var response = await create;
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"create answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            await using var db = await _server.CreateDbContextAsync();
            var company = Guid.Parse(companyId);
            Assert.Equal(0, await db.Set<ConnectionEntity>().IgnoreQueryFilters().CountAsync(c => c.CompanyId == company));
        }
    }

    [Fact]
    public async Task RacingCompanyUpdates_AllSucceedOrConflictAndOneWins()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync("Start");

        var responses = await Task.WhenAll(Enumerable.Range(0, 12)
            .Select(i => _server.Client.SendAsync(HttpMethod.Patch, $"/companies/{companyId}", $$"""{"name":"Writer {{i}}"}""")));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"answered {(int)r.StatusCode}"));
        var name = (await _server.Client.GetObjectAsync($"/companies/{companyId}"))["name"].Str();
        Assert.Matches("^Writer ([0-9]|1[01])$", name);
    }
}
