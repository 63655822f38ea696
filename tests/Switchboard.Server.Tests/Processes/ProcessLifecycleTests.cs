using System.Net;
using Switchboard.Server.Configuration;
using Switchboard.Server.Persistence;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Processes;

/// <summary>
/// The server as an operator runs it, one process at a time on the suite's backend: it keeps its data across a
/// graceful stop and a SIGKILL, and it refuses a database migrated by a newer build, saying so plainly.
/// </summary>
[LongRunning]
public sealed class ProcessLifecycleTests
{
    [Fact]
    public async Task Restart_AfterGracefulStopAndAfterKill_KeepsEveryAcknowledgedWrite()
    {
        await using var database = await SharedDatabase.CreateAsync();
        string companyId;
        string connectionId;
        await using (var first = await ServerProcess.StartAsync(database.NodeOptions))
        {
            using var client = first.CreateClient(database.ApiKey);
            companyId = await client.CreateCompanyIdAsync("Durable Ltd");
            connectionId = (await client.CreateConnectionAsync(companyId)).Id();
            (await client.AuthorizeAsync(companyId, connectionId)).EnsureSuccessStatusCode();

            Assert.Equal(0, await first.StopAsync());
            Assert.DoesNotContain("Exception", first.Output, StringComparison.Ordinal);
        }

        await using (var second = await ServerProcess.StartAsync(database.NodeOptions))
        {
            using var client = second.CreateClient(database.ApiKey);
            Assert.Equal("Linked", (await client.GetObjectAsync($"/companies/{companyId}/connections/{connectionId}"))["status"].Str());
            (await client.UnlinkAsync(companyId, connectionId)).EnsureSuccessStatusCode();
            second.Kill();
        }

        await using (var third = await ServerProcess.StartAsync(database.NodeOptions))
        {
            using var client = third.CreateClient(database.ApiKey);
            Assert.Equal("Unlinked", (await client.GetObjectAsync($"/companies/{companyId}/connections/{connectionId}"))["status"].Str());
        }
    }

    [Fact]
    public async Task ThreeNodes_StartedAtOnceOnAnEmptyDatabase_AllServeOneSchemaAndOneBootstrapKey()
    {
        await using var database = await SharedDatabase.CreateAsync();
        var starts = Enumerable.Range(0, 3).Select(_ => ServerProcess.StartAsync(database.NodeOptions)).ToList();
        var outputs = new List<string>();
        var failures = new List<string>();
        foreach (var start in starts)
        {
            try
            {
                await using var node = await start;
                outputs.Add(node.Output);
            }
            catch (Exception exception)
            {
                // Keep going: every started node must be awaited, and so killed.
                failures.Add(exception.Message);
            }
        }

        Assert.Empty(failures);

        var provider = database.IsPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        Assert.Equal(
            SchemaMigrator.LoadScripts(provider).Select(s => (long)s.Version),
            await database.ColumnAsync("SELECT version FROM schema_migrations ORDER BY version"));
        Assert.Equal(1, await database.CountAsync("SELECT COUNT(*) FROM tenants"));
        Assert.Equal(1, await database.CountAsync("SELECT COUNT(*) FROM api_keys"));
        Assert.All(outputs, output => Assert.DoesNotContain("Exception", output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_OnDatabaseWithNewerSchema_ExitsNonZeroWithAClearMessageAndChangesNothing()
    {
        await using var database = await SharedDatabase.CreateAsync();
        await using (var current = await ServerProcess.StartAsync(database.NodeOptions))
        {
            Assert.Equal(0, await current.StopAsync());
        }

        var provider = database.IsPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var known = SchemaMigrator.LoadScripts(provider)[^1].Version;
        await database.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_from_a_newer_build', '2030-01-01T00:00:00.0000000Z')");
        var tenantsBefore = await database.CountAsync("SELECT COUNT(*) FROM tenants");

        await using var older = ServerProcess.Launch(database.NodeOptions);
        var exitCode = await older.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("newer", older.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("999", older.StandardError, StringComparison.Ordinal);
        Assert.Contains(known.ToString(System.Globalization.CultureInfo.InvariantCulture), older.StandardError, StringComparison.Ordinal);
        // An operator's message, not a crash: no stack trace or exception type anywhere in the output.
        Assert.DoesNotContain("   at ", older.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", older.Output, StringComparison.Ordinal);
        Assert.Equal([.. SchemaMigrator.LoadScripts(provider).Select(s => (long)s.Version), 999L], await database.ColumnAsync("SELECT version FROM schema_migrations ORDER BY version"));
        Assert.Equal(tenantsBefore, await database.CountAsync("SELECT COUNT(*) FROM tenants"));
    }

    [Fact]
    public async Task Kill_WhileRequestsAreInFlight_TheServerRestartsAndServes()
    {
        await using var database = await SharedDatabase.CreateAsync();
        var server = await ServerProcess.StartAsync(database.NodeOptions);
        string companyId;
        // The first request of a fresh process builds EF Core's model: on a loaded machine it may take a while.
        using (var setup = server.CreateClient(database.ApiKey))
        {
            companyId = await setup.CreateCompanyIdAsync("In flight Ltd");
        }

        using var client = server.CreateClient(database.ApiKey, TimeSpan.FromSeconds(10));
        var writes = Enumerable.Range(0, 40).Select(_ => client.PostAsync($"/companies/{companyId}/connections", Api.Json("""{"platformKey":"gbol"}"""))).ToList();
        while (writes.Count(w => w.IsCompleted) < 5)
        {
            await Task.WhenAny(writes.Where(w => !w.IsCompleted));
        }

        server.Kill();
        await server.DisposeAsync();
        var acknowledged = new List<string>();
        foreach (var write in writes)
        {
            try
            {
                var response = await write;
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    acknowledged.Add((await response.ReadObjectAsync(HttpStatusCode.OK)).Id());
                }
            }
            catch (HttpRequestException)
            {
                // Cut off by the kill: not acknowledged.
            }
        }

        await using var restarted = await ServerProcess.StartAsync(database.NodeOptions);
        using var after = restarted.CreateClient(database.ApiKey);
        var listed = (await after.GetObjectAsync($"/companies/{companyId}/connections?pageSize=5000"))["results"]!.AsArray().Select(c => c!["id"].Str()).ToHashSet();
        Assert.True(acknowledged.Count >= 5, $"only {acknowledged.Count} writes were acknowledged before the kill");
        Assert.Superset(acknowledged.ToHashSet(), listed);
    }
}
