using System.Net;
using Switchboard.Server.Connections;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Connections;

/// <summary>
/// The status lifecycle as a table: every status × every operation, with the status code and the status the
/// connection is left in. Deauthorized has no API yet, so the row is put into it through the database.
/// </summary>
public sealed class ConnectionLifecycleTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly SwitchboardTestServer _server = shared.Server;

    /// <summary>status before, operation, expected status code, status afterwards (null: the connection is gone).</summary>
    public static TheoryData<string, string, int, string?> Table => new()
    {
        { "PendingAuth", "get", 200, "PendingAuth" },
        { "PendingAuth", "list", 200, "PendingAuth" },
        { "PendingAuth", "authorize", 200, "Linked" },
        { "PendingAuth", "unlink", 409, "PendingAuth" },
        { "PendingAuth", "delete", 200, null },
        { "Linked", "get", 200, "Linked" },
        { "Linked", "list", 200, "Linked" },
        { "Linked", "authorize", 200, "Linked" },
        { "Linked", "unlink", 200, "Unlinked" },
        { "Linked", "delete", 200, null },
        { "Unlinked", "get", 200, "Unlinked" },
        { "Unlinked", "list", 200, "Unlinked" },
        { "Unlinked", "authorize", 200, "Linked" },
        { "Unlinked", "unlink", 200, "Unlinked" },
        { "Unlinked", "delete", 200, null },
        { "Deauthorized", "get", 200, "Deauthorized" },
        { "Deauthorized", "list", 200, "Deauthorized" },
        { "Deauthorized", "authorize", 200, "Linked" },
        { "Deauthorized", "unlink", 409, "Deauthorized" },
        { "Deauthorized", "delete", 200, null },
    };

    public static TheoryData<string> Statuses => ["PendingAuth", "Linked", "Unlinked", "Deauthorized"];

    public static TheoryData<string, string> StatusesAndOtherRequestedStatuses
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var status in Statuses)
            {
                foreach (var body in new[] { """{"status":"Linked"}""", """{"status":"PendingAuth"}""", """{"status":"Deauthorized"}""", """{"status":"Flying"}""" })
                {
                    data.Add(status, body);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Operation_OnConnectionInStatus_AnswersAndLeavesTheExpectedStatus(string status, string operation, int expectedCode, string? statusAfter)
    {
        var (companyId, id) = await ConnectionInStatusAsync(status);
        var path = $"/companies/{companyId}/connections/{id}";

        var response = operation switch
        {
            "get" => await _server.Client.GetAsync(path),
            "list" => await _server.Client.GetAsync($"/companies/{companyId}/connections"),
            "authorize" => await _server.Client.AuthorizeAsync(companyId, id),
            "unlink" => await _server.Client.UnlinkAsync(companyId, id),
            "delete" => await _server.Client.DeleteAsync(path),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

        if (expectedCode == 409)
        {
            var error = await response.ReadErrorAsync(HttpStatusCode.Conflict);
            Assert.Contains(status, error.Error(), StringComparison.Ordinal);
        }
        else if (operation == "delete")
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }
        else
        {
            var body = await response.ReadObjectAsync((HttpStatusCode)expectedCode);
            var shown = operation == "list" ? Assert.Single(body["results"]!.AsArray())!.AsObject() : body;
            Assert.Equal(id, shown.Id());
            Assert.Equal(statusAfter, shown["status"].Str());
        }

        var after = await _server.Client.GetAsync(path);
        if (statusAfter is null)
        {
            await after.ReadErrorAsync(HttpStatusCode.NotFound);
        }
        else
        {
            Assert.Equal(statusAfter, (await after.ReadObjectAsync(HttpStatusCode.OK))["status"].Str());
        }
    }

    [Fact]
    public async Task Authorize_LinkedConnection_RotatesTheCredentialsAndStaysLinked()
    {
        var (companyId, id) = await ConnectionInStatusAsync("Linked");
        var before = await _server.FindConnectionRowAsync(id);

        var response = await _server.Client.AuthorizeAsync(companyId, id,
            new Dictionary<string, string> { ["accessToken"] = "rotated-a", ["refreshToken"] = "rotated-r" });

        Assert.Equal("Linked", (await response.ReadObjectAsync(HttpStatusCode.OK))["status"].Str());
        var after = await _server.FindConnectionRowAsync(id);
        Assert.NotNull(after?.Credentials);
        Assert.NotEqual(before!.Credentials, after.Credentials);
    }

    [Fact]
    public async Task Unlink_UnlinkedConnection_IsANoOpThatReturnsItUnchanged()
    {
        var (companyId, id) = await ConnectionInStatusAsync("Unlinked");
        var before = await _server.Client.GetObjectAsync($"/companies/{companyId}/connections/{id}");
        var rowBefore = await _server.FindConnectionRowAsync(id);

        var again = await (await _server.Client.UnlinkAsync(companyId, id)).ReadObjectAsync(HttpStatusCode.OK);

        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(before, again), $"before {before}, after {again}");
        var rowAfter = await _server.FindConnectionRowAsync(id);
        Assert.Equal(rowBefore!.Version, rowAfter!.Version);
        Assert.Equal(rowBefore.Modified, rowAfter.Modified);
    }

    [Fact]
    public async Task Unlink_PendingAuthConnection_Returns409SayingWhy()
    {
        var (companyId, id) = await ConnectionInStatusAsync("PendingAuth");

        var error = await (await _server.Client.UnlinkAsync(companyId, id)).ReadErrorAsync(HttpStatusCode.Conflict);

        Assert.Contains("PendingAuth", error.Error(), StringComparison.Ordinal);
        Assert.Contains("Linked", error.Error(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StatusesAndOtherRequestedStatuses))]
    public async Task Unlink_BodyAskingForAnotherStatus_Returns400AndChangesNothing(string status, string body)
    {
        var (companyId, id) = await ConnectionInStatusAsync(status);
        var rowBefore = await _server.FindConnectionRowAsync(id);
        var requested = body.Split('"')[3];

        var error = await (await _server.Client.UnlinkAsync(companyId, id, body)).ReadErrorAsync(HttpStatusCode.BadRequest);

        Assert.Contains($"'{requested}'", error.Error(), StringComparison.Ordinal);
        Assert.Contains("Unlinked", error.Error(), StringComparison.Ordinal);
        var rowAfter = await _server.FindConnectionRowAsync(id);
        Assert.Equal(rowBefore!.Status, rowAfter!.Status);
        Assert.Equal(rowBefore.Version, rowAfter.Version);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"status":"Unlinked"}""")]
    [InlineData("""{"status":null}""")]
    public async Task Unlink_LinkedConnectionWithEmptyOrUnlinkedBody_UnlinksIt(string body)
    {
        var (companyId, id) = await ConnectionInStatusAsync("Linked");

        var unlinked = await (await _server.Client.UnlinkAsync(companyId, id, body)).ReadObjectAsync(HttpStatusCode.OK);

        Assert.Equal("Unlinked", unlinked["status"].Str());
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task Unlink_ResultingInUnlinked_LeavesNoStoredCredentials(string status)
    {
        var (companyId, id) = await ConnectionInStatusAsync(status);

        var response = await _server.Client.UnlinkAsync(companyId, id);

        var row = await _server.FindConnectionRowAsync(id);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal(DataConnectionStatus.Unlinked, row!.Status);
            Assert.Null(row.Credentials);
            Assert.Null(row.CredentialKeyId);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.NotEqual(DataConnectionStatus.Unlinked, row!.Status);
        }
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task Authorize_FromAnyStatus_StoresCredentialsAndLinks(string status)
    {
        var (companyId, id) = await ConnectionInStatusAsync(status);

        var linked = await (await _server.Client.AuthorizeAsync(companyId, id)).ReadObjectAsync(HttpStatusCode.OK);

        Assert.Equal("Linked", linked["status"].Str());
        var row = await _server.FindConnectionRowAsync(id);
        Assert.Equal(DataConnectionStatus.Linked, row!.Status);
        Assert.NotNull(row.Credentials);
        Assert.NotNull(row.CredentialKeyId);
    }

    private async Task<(string CompanyId, string ConnectionId)> ConnectionInStatusAsync(string status)
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var id = (await _server.Client.CreateConnectionAsync(companyId, "gbol")).Id();
        if (status is "Linked" or "Unlinked" or "Deauthorized")
        {
            (await _server.Client.AuthorizeAsync(companyId, id)).EnsureSuccessStatusCode();
        }

        if (status == "Unlinked")
        {
            (await _server.Client.UnlinkAsync(companyId, id)).EnsureSuccessStatusCode();
        }
        else if (status == "Deauthorized")
        {
            await _server.SetConnectionStatusAsync(id, DataConnectionStatus.Deauthorized);
        }

        Assert.Equal(status, (await _server.Client.GetObjectAsync($"/companies/{companyId}/connections/{id}"))["status"].Str());
        return (companyId, id);
    }
}
