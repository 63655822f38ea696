using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Server.Tests.OAuth;
using Xunit;

namespace Switchboard.Server.Tests.Credentials;

/// <summary>
/// A random secret stored as an authorization value must never come back out: not in any response body or
/// header, not in any log line at any level (as text and as the JSON lines of <c>Switchboard__Logging__Format=json</c>,
/// scopes included), not in plain text in any table (every column of every table, on either
/// backend) nor in the SQLite files; and unlink destroys its ciphertext. Each test has its own server, logging everything down to Trace (EF Core's SQL included).
/// </summary>
public sealed class CredentialCanaryTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> TraceEverything = new()
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
        ["Logging:LogLevel:Switchboard.Server.Auth.ApiKeyAuthenticationHandler"] = "Trace",
    };

    private readonly string _secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    private readonly string _secondSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    private SwitchboardTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SwitchboardTestServer.StartAsync(TraceEverything);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Secret_StoredThroughUpdateAuthorization_AppearsInNoResponseLogOrDatabaseFile()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var id = (await _server.Client.CreateConnectionAsync(companyId, "gbol")).Id();
        var responses = new List<HttpResponseMessage>
        {
            await _server.Client.AuthorizeAsync(companyId, id, new Dictionary<string, string> { ["accessToken"] = _secret, ["refreshToken"] = _secondSecret }),
        };

        responses.Add(await _server.Client.GetAsync($"/companies/{companyId}/connections/{id}"));
        responses.Add(await _server.Client.GetAsync($"/companies/{companyId}/connections"));
        responses.Add(await _server.Client.GetAsync($"/companies/{companyId}/connections?query={Uri.EscapeDataString("status=Linked")}"));
        responses.Add(await _server.Client.GetAsync($"/companies/{companyId}"));
        responses.Add(await _server.Client.GetAsync("/companies"));
        responses.Add(await _server.Client.AuthorizeAsync(companyId, id, new Dictionary<string, string> { ["accessToken"] = _secret }));
        using var anonymous = new HttpClient();
        var linkPage = await anonymous.GetAsync(
            (await _server.Client.GetObjectAsync($"/companies/{companyId}/connections/{id}"))["linkUrl"].Str());
        responses.Add(linkPage);
        var row = await _server.FindConnectionRowAsync(id);
        Assert.NotNull(row!.Credentials);
        await AssertDatabaseDoesNotContainAsync(_secret, _secondSecret);
        // Under an Idempotency-Key, so the stored answers (idempotency_records) are scanned too.
        responses.Add(await _server.Client.RequestAsync(
            "PATCH", $"/companies/{companyId}/connections/{id}", """{"status":"Unlinked"}""", (Requests.IdempotencyKey, Guid.NewGuid().ToString())));

        Assert.Equal(HttpStatusCode.OK, responses[0].StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, responses[6].StatusCode);
        Assert.Equal(HttpStatusCode.OK, responses[^1].StatusCode);
        foreach (var response in responses)
        {
            var text = await response.Content.ReadAsStringAsync();
            var headers = string.Join('\n', response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(',', h.Value)}"));
            foreach (var secret in new[] { _secret, _secondSecret })
            {
                Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(secret, headers, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.NotEmpty(_server.Logs.Lines);
        _server.Logs.AssertNotLogged(_secret);
        _server.Logs.AssertNotLogged(_secondSecret);
        Assert.Null((await _server.FindConnectionRowAsync(id))!.Credentials);
        await AssertDatabaseDoesNotContainAsync(_secret, _secondSecret);
    }

    [Fact]
    public async Task Secret_EnteredOnTheLinkPage_AppearsInNoPageLogOrDatabaseFile()
    {
        var tenant = await _server.NewTenantAsync();
        (await tenant.Client.SendAsync(HttpMethod.Put, "/profile", """{"name":"Canary","redirectUrl":"https://app.example/done?c={statusCode}"}""")).EnsureSuccessStatusCode();
        var companyId = await tenant.Client.CreateCompanyIdAsync();
        var connection = await tenant.Client.CreateConnectionAsync(companyId, "knfz");

        var answer = await _server.SubmitLinkAsync(connection["linkUrl"].Str(), new Dictionary<string, string> { ["apiKey"] = _secret });
        var result = await _server.SubmitLinkAsync(connection["linkUrl"].Str(), new Dictionary<string, string> { ["apiKey"] = _secondSecret });

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.NotNull((await _server.FindConnectionRowAsync(connection.Id()))!.Credentials);
        foreach (var response in new[] { answer, result })
        {
            var text = await response.Content.ReadAsStringAsync() + string.Join('\n', response.Headers.Select(h => $"{h.Key}: {string.Join(',', h.Value)}"));
            Assert.DoesNotContain(_secret, text, StringComparison.OrdinalIgnoreCase);
        }

        _server.Logs.AssertNotLogged(_secret);
        _server.Logs.AssertNotLogged(_secondSecret);
        _server.Logs.AssertNotLogged(LinkToken(connection["linkUrl"].Str()));
        await AssertDatabaseDoesNotContainAsync(_secret, _secondSecret);
    }

    [Fact]
    public async Task Unlink_DestroysTheStoredCiphertextEvenOnDisk()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var id = (await _server.Client.CreateConnectionAsync(companyId, "gbol")).Id();
        (await _server.Client.AuthorizeAsync(companyId, id, new Dictionary<string, string> { ["accessToken"] = _secret, ["refreshToken"] = _secondSecret }))
            .EnsureSuccessStatusCode();
        var ciphertext = (await _server.FindConnectionRowAsync(id))!.Credentials!;
        Assert.True(ciphertext.Length > 28);
        Assert.Equal(["connections.credentials"], await TableCellsHoldingAsync(ciphertext));
        if (!TestBackend.IsPostgres)
        {
            Assert.True(await CheckpointAndFindAsync(ciphertext), "The ciphertext should be on disk while the connection is Linked.");
        }

        (await _server.Client.UnlinkAsync(companyId, id)).EnsureSuccessStatusCode();

        var row = await _server.FindConnectionRowAsync(id);
        Assert.Null(row!.Credentials);
        Assert.Null(row.CredentialKeyId);
        Assert.Empty(await TableCellsHoldingAsync(ciphertext));
        if (!TestBackend.IsPostgres)
        {
            Assert.False(await CheckpointAndFindAsync(ciphertext), "Unlink left the old ciphertext in the database files.");
        }
    }

    [Fact]
    public async Task DeleteConnection_DestroysTheStoredCiphertextEvenOnDisk()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var id = (await _server.Client.CreateConnectionAsync(companyId, "gbol")).Id();
        (await _server.Client.AuthorizeAsync(companyId, id, new Dictionary<string, string> { ["accessToken"] = _secret, ["refreshToken"] = _secondSecret }))
            .EnsureSuccessStatusCode();
        var ciphertext = (await _server.FindConnectionRowAsync(id))!.Credentials!;

        (await _server.Client.DeleteAsync($"/companies/{companyId}/connections/{id}")).EnsureSuccessStatusCode();

        Assert.Null(await _server.FindConnectionRowAsync(id));
        Assert.Empty(await TableCellsHoldingAsync(ciphertext));
        if (!TestBackend.IsPostgres)
        {
            Assert.False(await CheckpointAndFindAsync(ciphertext), "Delete left the old ciphertext in the database files.");
        }
    }

    [Fact]
    public async Task DeleteCompany_DestroysItsConnectionsCiphertextEvenOnDisk()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var id = (await _server.Client.CreateConnectionAsync(companyId, "gbol")).Id();
        (await _server.Client.AuthorizeAsync(companyId, id, new Dictionary<string, string> { ["accessToken"] = _secret, ["refreshToken"] = _secondSecret }))
            .EnsureSuccessStatusCode();
        var ciphertext = (await _server.FindConnectionRowAsync(id))!.Credentials!;

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Client.DeleteAsync($"/companies/{companyId}")).StatusCode);

        Assert.Null(await _server.FindConnectionRowAsync(id));
        Assert.Empty(await TableCellsHoldingAsync(ciphertext));
        if (!TestBackend.IsPostgres)
        {
            Assert.False(await CheckpointAndFindAsync(ciphertext), "Deleting the company left the old ciphertext in the database files.");
        }
    }

    [Fact]
    public async Task FailedAuthorization_DoesNotLogTheValuesItWasGiven()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var id = (await _server.Client.CreateConnectionAsync(companyId, "gbol")).Id();

        var missingKey = await _server.Client.AuthorizeAsync(companyId, id, new Dictionary<string, string> { ["accessToken"] = _secret });
        var wrongType = await _server.Client.SendAsync(HttpMethod.Put, $"/companies/{companyId}/connections/{id}/authorization",
            $$"""{"accessToken":"{{_secret}}","refreshToken":5}""");
        var malformed = await _server.Client.SendAsync(HttpMethod.Put, $"/companies/{companyId}/connections/{id}/authorization",
            $$"""{"accessToken":"{{_secret}}","refreshToken":""");

        foreach (var response in new[] { missingKey, wrongType, malformed })
        {
            var error = await response.ReadErrorAsync(HttpStatusCode.BadRequest);
            Assert.DoesNotContain(_secret, error.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        }

        _server.Logs.AssertNotLogged(_secret);
        await AssertDatabaseDoesNotContainAsync(_secret);
    }

    [Fact]
    public async Task ApiKey_CreatedUnderAnIdempotencyKey_IsInNoTableLogOrDatabaseFile()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/apiKeys") { Content = Api.Json("""{"name":"ci"}""") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var created = await (await _server.Client.SendAsync(request)).ReadObjectAsync(HttpStatusCode.Created);
        var apiKey = created["apiKey"].Str();

        var (tables, hits) = await _server.FindInEveryTableAsync(apiKey);

        Assert.Contains("idempotency_records", tables);
        Assert.Contains("api_keys", tables);
        Assert.Empty(hits);
        // The scan does read the idempotency record: it holds the created key's id, only not its value.
        Assert.Contains("idempotency_records.response_body", (await _server.FindInEveryTableAsync(created["id"].Str())).Hits);
        _server.Logs.AssertNotLogged(apiKey);
        await AssertDatabaseDoesNotContainAsync(apiKey);
    }

    [Fact]
    public async Task OAuthTokenSets_AndTheCodeAndState_AppearInNoResponseLogOrDatabaseFile()
    {
        await using var bed = await OAuthTestBed.StartAsync(
            new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromSeconds(3) },
            new Dictionary<string, string?>(TraceEverything) { ["Switchboard:Tokens:RefreshBefore"] = "00:00:02", ["Switchboard:Tokens:PollInterval"] = "00:00:00.200" });
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        var run = await OAuthTestBed.LinkAsync(linkUrl);
        Assert.Equal(HttpStatusCode.OK, run.Status);
        var callback = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(run.Callback.Query);
        var secrets = new List<string> { callback["code"].ToString(), callback["state"].ToString() };
        // The token sets of the grant and of two refreshes, each taken through the accessToken extension under an Idempotency-Key.
        for (var refreshes = 0; refreshes <= 2; refreshes++)
        {
            await OAuthTestBed.WaitUntilAsync(() => bed.Provider.TotalRefreshes >= refreshes, $"{refreshes} refreshes happened");
            var token = await (await bed.Server.Client.RequestAsync(
                "POST", $"/companies/{company}/connections/{connection}/accessToken", null, (Requests.IdempotencyKey, Guid.NewGuid().ToString()))).ReadObjectAsync(HttpStatusCode.OK);
            secrets.Add(token["accessToken"].Str());
        }

        secrets.AddRange(bed.Provider.PresentedRefreshTokens);
        Assert.True(bed.Provider.PresentedRefreshTokens.Count >= 2);
        var pages = new[] { run.Page, (await bed.GetConnectionAsync(company, connection)).ToJsonString(), (await bed.Server.Client.GetObjectAsync($"/companies/{company}")).ToJsonString() };
        foreach (var secret in secrets.Distinct())
        {
            Assert.All(pages, page => Assert.DoesNotContain(secret, page, StringComparison.Ordinal));
            bed.Server.Logs.AssertNotLogged(secret);
        }

        // The link token only lets its holder link the connection, but it travels in a query string: it is not logged either.
        bed.Server.Logs.AssertNotLogged(LinkToken(linkUrl));
        Assert.NotEmpty(bed.Server.Logs.Lines);
        await AssertDatabaseDoesNotContainAsync(bed.Server, [.. secrets.Distinct()]);
    }

    private static string LinkToken(string linkUrl) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(linkUrl).Query)["token"].ToString() is { Length: > 0 } token
            ? token
            : throw new Xunit.Sdk.XunitException($"No token in {linkUrl}.");

    /// <summary>
    /// Every table's every value (whatever the backend), then on SQLite the file and its WAL as they are on disk
    /// (shared with the running server), where deleted rows and old pages may still hold what no table shows.
    /// </summary>
    private Task AssertDatabaseDoesNotContainAsync(params string[] secrets) => AssertDatabaseDoesNotContainAsync(_server, secrets);

    private static async Task AssertDatabaseDoesNotContainAsync(SwitchboardTestServer server, params string[] secrets)
    {
        var forms = secrets.SelectMany(s => new[] { Encoding.UTF8.GetBytes(s), Encoding.UTF8.GetBytes(s.ToUpperInvariant()), Encoding.Unicode.GetBytes(s) });
        Assert.Empty(await TableCellsHoldingAsync(server, [.. forms]));
        if (TestBackend.IsPostgres)
        {
            return;
        }

        var files = DatabaseFiles(server);
        Assert.NotEmpty(files);
        foreach (var (path, bytes) in files)
        {
            foreach (var secret in secrets)
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"{Path.GetFileName(path)} holds the secret in UTF-8.");
                Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) < 0, $"{Path.GetFileName(path)} holds the secret in UTF-16.");
            }
        }
    }

    /// <summary>
    /// The <c>table.column</c> of every value in the database that holds one of <paramref name="needles"/>: text
    /// as UTF-8, binary columns as stored, anything else as its invariant text.
    /// </summary>
    private Task<List<string>> TableCellsHoldingAsync(params byte[][] needles) => TableCellsHoldingAsync(_server, needles);

    private static async Task<List<string>> TableCellsHoldingAsync(SwitchboardTestServer server, params byte[][] needles)
    {
        var (tables, hits) = await server.FindInEveryTableAsync(needles);
        Assert.Contains("connections", tables);
        Assert.Contains("idempotency_records", tables);
        return [.. hits];
    }

    /// <summary>Moves the WAL into the database file and truncates it, then looks for the bytes in both.</summary>
    private async Task<bool> CheckpointAndFindAsync(byte[] needle)
    {
        await using (var db = await _server.CreateDbContextAsync())
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            // The first column is 1 when a reader kept the checkpoint from finishing; it finishes once they are done.
            var completed = false;
            for (var attempt = 0; attempt < 50 && !completed; attempt++)
            {
                await using var reader = await command.ExecuteReaderAsync();
                completed = await reader.ReadAsync() && reader.GetInt64(0) == 0;
            }

            Assert.True(completed, "The WAL checkpoint did not complete.");
        }

        return DatabaseFiles(_server).Any(f => f.Bytes.AsSpan().IndexOf(needle) >= 0);
    }

    private static List<(string Path, byte[] Bytes)> DatabaseFiles(SwitchboardTestServer server)
    {
        var result = new List<(string, byte[])>();
        foreach (var path in new[] { server.SqliteFile, server.SqliteFile + "-wal", server.SqliteFile + "-journal" })
        {
            if (!File.Exists(path))
            {
                continue;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            result.Add((path, copy.ToArray()));
        }

        return result;
    }
}
