using System.Net;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Idempotency;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Idempotency;

/// <summary>
/// A server error under an <c>Idempotency-Key</c>, made to happen after the change: a trigger the test creates refuses
/// the write that records the answer, the last of the request's transaction. The answer is a 500 ErrorMessage; the
/// change and the key's claim are rolled back together; once the trigger is gone a retry with the key acts afresh.
/// </summary>
public sealed class IdempotencyServerErrorTests
{
    private const string Trigger = "fail_idempotency_answer";

    public static TheoryData<string> Operations => ["create company", "unlink connection"];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task FailureAfterTheChange_Returns500AndLeavesNeitherTheChangeNorTheKey(string operation)
    {
        await using var server = await SwitchboardTestServer.StartAsync();
        var tenant = await server.NewTenantAsync();
        var (method, path, body, readState) = await ArrangeAsync(server, tenant.Client, operation);
        var before = await readState();
        var key = Guid.NewGuid();
        await ExecuteAsync(server, TestBackend.IsPostgres
            ? [$"CREATE FUNCTION {Trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$",
               $"CREATE TRIGGER {Trigger} BEFORE UPDATE ON idempotency_records FOR EACH ROW EXECUTE FUNCTION {Trigger}()"]
            : [$"CREATE TRIGGER {Trigger} BEFORE UPDATE ON idempotency_records BEGIN SELECT RAISE(ABORT, 'injected failure'); END"]);

        var failed = await tenant.Client.RequestAsync(method, path, body, (Requests.IdempotencyKey, key.ToString()));

        var error = await failed.ReadErrorAsync(HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("injected failure", error.ToJsonString(), StringComparison.Ordinal);
        Assert.False(await HasRecordAsync(server, key), "The failed request's idempotency record was kept.");
        Assert.Equal(before, await readState());

        await ExecuteAsync(server, [TestBackend.IsPostgres ? $"DROP TRIGGER {Trigger} ON idempotency_records" : $"DROP TRIGGER {Trigger}"]);
        var retried = await tenant.Client.RequestAsync(method, path, body, (Requests.IdempotencyKey, key.ToString()));

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.False(retried.Headers.Contains(IdempotencyMiddleware.ReplayedHeaderName), "The retry was replayed, not acted on.");
        Assert.NotEqual(before, await readState());
        Assert.True(await HasRecordAsync(server, key), "The retry's answer was not recorded.");
    }

    /// <summary>The request, and a reading of what it changes (the tenant's companies, or the connection's row).</summary>
    private static async Task<(string Method, string Path, string Body, Func<Task<string>> ReadState)> ArrangeAsync(
        SwitchboardTestServer server, HttpClient client, string operation)
    {
        switch (operation)
        {
            case "create company":
                return ("POST", "/companies", """{"name":"Created once"}""", () => client.GetStringAsync("/companies"));
            case "unlink connection":
                var (companyId, connectionId) = await client.CreateLinkedConnectionAsync();
                return ("PATCH", $"/companies/{companyId}/connections/{connectionId}", """{"status":"Unlinked"}""", async () =>
                {
                    var row = (await server.FindConnectionRowAsync(connectionId))!;
                    return $"{row.Status} {row.Version} {row.Modified:O} {Convert.ToBase64String(row.Credentials ?? [])}";
                });
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
        }
    }

    private static async Task ExecuteAsync(SwitchboardTestServer server, string[] statements)
    {
        await using var db = await server.CreateDbContextAsync();
        foreach (var statement in statements)
        {
            await db.Database.ExecuteSqlRawAsync(statement, TestContext.Current.CancellationToken);
        }
    }

    private static async Task<bool> HasRecordAsync(SwitchboardTestServer server, Guid key)
    {
        await using var db = await server.CreateDbContextAsync();
        return await db.IdempotencyRecords.IgnoreQueryFilters().AnyAsync(r => r.IdempotencyKey == key, TestContext.Current.CancellationToken);
    }
}
