using System.Net;
using Microsoft.Data.Sqlite;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Errors;

/// <summary>
/// Another process holds SQLite's write lock for longer than the busy timeout (an operator's <c>sqlite3</c> session, a
/// bulk import): every write answers 503 with <c>Retry-After</c> (each meets the lock at its transaction's
/// <c>BEGIN IMMEDIATE</c>, which SQLite's own exception reports, not EF Core's), changes nothing, and succeeds once the
/// lock is released; reads go on. On SQLite whatever the run's backend: PostgreSQL has no busy timeout (a writer waits for the lock).
/// </summary>
public sealed class DatabaseBusyTests
{
    public static TheoryData<string, string, string?> Writes => new()
    {
        { "POST", "/companies", """{"name":"Busy Ltd"}""" },
        { "PATCH", "/companies/{company}", """{"description":"changed while busy"}""" },
        { "DELETE", "/companies/{company}", null },
        { "POST", "/companies/{company}/connections", """{"platformKey":"gbol"}""" },
        { "PATCH", "/companies/{company}/connections/{connection}", """{"status":"Unlinked"}""" },
        { "DELETE", "/companies/{company}/connections/{connection}", null },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_Write_While_Another_Process_Holds_The_Write_Lock_Answers_503_With_Retry_After_And_Changes_Nothing(
        string method, string path, string? body)
    {
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Switchboard:Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Switchboard"] = null, // the data folder's file, also on the PostgreSQL run
            ["Switchboard:Database:BusyTimeout"] = "00:00:01",
        });
        var companyId = await server.Client.CreateCompanyIdAsync();
        var (_, connectionId) = await server.Client.CreateLinkedConnectionAsync(companyId);
        path = path.Replace("{company}", companyId, StringComparison.Ordinal).Replace("{connection}", connectionId, StringComparison.Ordinal);
        var companyBefore = await server.Client.GetStringAsync($"/companies/{companyId}");
        var connectionsBefore = await server.Client.GetStringAsync($"/companies/{companyId}/connections");

        await using (var holder = new SqliteConnection($"Data Source={server.SqliteFile};Pooling=False"))
        {
            await holder.OpenAsync();
            await using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE;";
                await begin.ExecuteNonQueryAsync();
            }

            using var busy = await server.Client.SendAsync(new HttpMethod(method), path, body);

            var error = await busy.ReadErrorAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Contains("busy", error["error"].Str(), StringComparison.Ordinal);
            Assert.Equal("1", busy.Header("Retry-After"));
            // Readers are not held up by a writer (write-ahead log), and nothing was written.
            Assert.Equal(companyBefore, await server.Client.GetStringAsync($"/companies/{companyId}"));
            Assert.Equal(connectionsBefore, await server.Client.GetStringAsync($"/companies/{companyId}/connections"));
        }

        using var retried = await server.Client.SendAsync(new HttpMethod(method), path, body);
        Assert.True(retried.IsSuccessStatusCode, $"{method} {path} answered {(int)retried.StatusCode} once the lock was released.");
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains("Unhandled exception", StringComparison.Ordinal));
    }
}
