using System.Net;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Concurrency;

/// <summary>
/// Strong ETags on companies and connections, and <c>If-Match</c> on every change: a stale or weak tag is a 412
/// that changes nothing; the current tag, <c>*</c> or no header at all lets the change through.
/// </summary>
public sealed class EntityTagTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly SwitchboardTestServer _server = shared.Server;

    public static TheoryData<string> Changes =>
        ["unlink connection", "authorize connection", "delete connection", "replace company", "update company", "delete company"];

    [Fact]
    public async Task Get_CompanyAndConnection_ReturnStrongQuotedETagsThatChangeWithTheResource()
    {
        var (companyId, connectionId) = await _server.Client.CreateLinkedConnectionAsync();
        var companyPath = $"/companies/{companyId}";
        var connectionPath = $"{companyPath}/connections/{connectionId}";

        var company = (await _server.Client.GetAsync(companyPath)).ETag();
        var connection = (await _server.Client.GetAsync(connectionPath)).ETag();
        var unlinked = await _server.Client.UnlinkAsync(companyId, connectionId);
        var renamed = await _server.Client.RequestAsync("PATCH", companyPath, """{"name":"Renamed"}""");

        Assert.All([company, connection, unlinked.ETag(), renamed.ETag()], tag => Assert.Matches("^\"[^\"]+\"$", tag));
        Assert.NotEqual(connection, unlinked.ETag());
        Assert.Equal(unlinked.ETag(), (await _server.Client.GetAsync(connectionPath)).ETag());
        Assert.NotEqual(company, renamed.ETag());
        Assert.Equal(renamed.ETag(), (await _server.Client.GetAsync(companyPath)).ETag());
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Change_WithAStaleIfMatch_Returns412AndChangesNothing(string change)
    {
        var target = await ArrangeAsync(change);
        var stale = (await _server.Client.GetAsync(target.Path)).ETag()!;
        await target.TouchAsync();
        var before = await SnapshotAsync(target);

        var response = await _server.Client.RequestAsync(target.Method, target.RequestPath, target.Body, (Requests.IfMatch, stale));

        var error = await response.ReadErrorAsync(HttpStatusCode.PreconditionFailed);
        Assert.Contains("If-Match", error.Error(), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(target));
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Change_WithTheCurrentTagMadeWeak_Returns412AndChangesNothing(string change)
    {
        var target = await ArrangeAsync(change);
        var before = await SnapshotAsync(target);
        var current = (await _server.Client.GetAsync(target.Path)).ETag()!;

        var response = await _server.Client.RequestAsync(target.Method, target.RequestPath, target.Body, (Requests.IfMatch, "W/" + current));

        await response.ReadErrorAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(before, await SnapshotAsync(target));
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Change_WithAMalformedIfMatch_Returns400AndChangesNothing(string change)
    {
        var target = await ArrangeAsync(change);
        var before = await SnapshotAsync(target);

        var response = await _server.Client.RequestAsync(target.Method, target.RequestPath, target.Body, (Requests.IfMatch, "not-quoted"));

        await response.ReadErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before, await SnapshotAsync(target));
    }

    public static TheoryData<string, string> AcceptedPreconditions
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var change in Changes)
            {
                foreach (var precondition in new[] { "current", "*", "none", "list with current" })
                {
                    data.Add(change, precondition);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(AcceptedPreconditions))]
    public async Task Change_WithTheCurrentTagStarOrNoIfMatch_Succeeds(string change, string precondition)
    {
        var target = await ArrangeAsync(change);
        await target.TouchAsync();
        var current = (await _server.Client.GetAsync(target.Path)).ETag()!;
        (string, string)[] headers = precondition switch
        {
            "current" => [(Requests.IfMatch, current)],
            "*" => [(Requests.IfMatch, "*")],
            "list with current" => [(Requests.IfMatch, "\"987654321\", W/\"1\", " + current)],
            _ => [],
        };

        var response = await _server.Client.RequestAsync(target.Method, target.RequestPath, target.Body, headers);

        Assert.Equal(target.Succeeds, response.StatusCode);
        var after = await _server.Client.GetAsync(target.Path);
        if (target.Method == "DELETE")
        {
            await after.ReadErrorAsync(HttpStatusCode.NotFound);
        }
        else
        {
            Assert.NotEqual(current, response.ETag());
            Assert.Equal(response.ETag(), after.ETag());
            Assert.Equal(target.Expect, (await after.ReadObjectAsync(HttpStatusCode.OK))[target.Field].Str());
        }
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Change_WithIfMatchOnAResourceThatIsGone_Returns404(string change)
    {
        var target = await ArrangeAsync(change);
        var current = (await _server.Client.GetAsync(target.Path)).ETag()!;
        Assert.True((await _server.Client.DeleteAsync(target.Path)).IsSuccessStatusCode);

        var response = await _server.Client.RequestAsync(target.Method, target.RequestPath, target.Body, (Requests.IfMatch, current));

        await response.ReadErrorAsync(HttpStatusCode.NotFound);
    }

    /// <summary>A company with a Linked connection, and the change to make to one of them.</summary>
    private async Task<ChangeTarget> ArrangeAsync(string change)
    {
        var (companyId, connectionId) = await _server.Client.CreateLinkedConnectionAsync();
        var company = $"/companies/{companyId}";
        var connection = $"{company}/connections/{connectionId}";
        // Touching changes the resource (so an earlier tag is stale) without changing what the change acts on.
        Func<Task> touchConnection = async () => Assert.Equal(HttpStatusCode.OK, (await _server.Client.AuthorizeAsync(companyId, connectionId)).StatusCode);
        Func<Task> touchCompany = async () => Assert.Equal(HttpStatusCode.OK, (await _server.Client.RequestAsync("PATCH", company, """{"description":"touched"}""")).StatusCode);
        return change switch
        {
            "unlink connection" => new ChangeTarget(connection, "PATCH", connection, """{"status":"Unlinked"}""", HttpStatusCode.OK, "status", "Unlinked", touchConnection, connectionId),
            "authorize connection" => new ChangeTarget(connection, "PUT", connection + "/authorization", """{"accessToken":"new-a","refreshToken":"new-r"}""", HttpStatusCode.OK, "status", "Linked", touchConnection, connectionId),
            "delete connection" => new ChangeTarget(connection, "DELETE", connection, null, HttpStatusCode.OK, "status", string.Empty, touchConnection, connectionId),
            "replace company" => new ChangeTarget(company, "PUT", company, """{"name":"Replaced"}""", HttpStatusCode.OK, "name", "Replaced", touchCompany, connectionId),
            "update company" => new ChangeTarget(company, "PATCH", company, """{"name":"Updated"}""", HttpStatusCode.OK, "name", "Updated", touchCompany, connectionId),
            _ => new ChangeTarget(company, "DELETE", company, null, HttpStatusCode.NoContent, "name", string.Empty, touchCompany, connectionId),
        };
    }

    /// <summary>What the API shows of the resource, and the stored credentials of its connection.</summary>
    private async Task<string> SnapshotAsync(ChangeTarget target)
    {
        var response = await _server.Client.GetAsync(target.Path);
        var row = await _server.FindConnectionRowAsync(target.ConnectionId);
        return $"{(int)response.StatusCode} {response.ETag()} {await response.Content.ReadAsStringAsync()} " +
            $"{row?.Status} {row?.Version} {(row?.Credentials is { } c ? Convert.ToBase64String(c) : "none")}";
    }
}
