using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Companies;
using Switchboard.Server.Connections;
using Switchboard.Server.Idempotency;
using Switchboard.Server.Persistence;
using Switchboard.Server.Tenancy;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Connections;

/// <summary>
/// The connection store and its unit of work, on the real database of a running server: a change and the rows
/// written with it commit together or not at all, and every statement is bound to the tenant.
/// </summary>
public sealed class ConnectionStoreTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly SwitchboardTestServer _server = shared.Server;

    [Fact]
    public void EveryStatement_IsBoundToTheTenant()
    {
        Assert.All(ConnectionStore.Statements, statement =>
        {
            Assert.Contains("tenant_id = @tenant", statement.Text, StringComparison.Ordinal);
            Assert.Contains("@tenant", statement.ParameterNames);
        });
    }

    [Fact]
    public async Task AChangeAndARowWrittenWithIt_BothRollBack_WhenTheUnitFailsBeforeCommit()
    {
        var key = await CreatePendingConnectionAsync();
        var recordKey = Guid.NewGuid();

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var scope = _server.Services.CreateAsyncScope();
            await using var work = await scope.BeginWorkAsync();
            var linked = await Store.AuthorizeAsync(work, key, Credentials(), DateTime.UtcNow, guard: null, CancellationToken.None);
            Assert.Equal(DataConnectionStatus.Linked, linked?.Status);
            await AddRecordAsync(work, key.Tenant, recordKey);
            throw new InvalidOperationException("A failure after the change, before the commit.");
        });

        var row = await _server.FindConnectionRowAsync(key.Connection.ToString());
        Assert.Equal(DataConnectionStatus.PendingAuth, row?.Status);
        Assert.Null(row?.Credentials);
        Assert.False(await RecordExistsAsync(recordKey));
    }

    [Fact]
    public async Task AChangeAndARowWrittenWithIt_BothCommit_WhenTheUnitCommits()
    {
        var key = await CreatePendingConnectionAsync();
        var recordKey = Guid.NewGuid();

        await using (var scope = _server.Services.CreateAsyncScope())
        await using (var work = await scope.BeginWorkAsync())
        {
            await Store.AuthorizeAsync(work, key, Credentials(), DateTime.UtcNow, guard: null, CancellationToken.None);
            await AddRecordAsync(work, key.Tenant, recordKey);
            await work.CommitAsync(CancellationToken.None);
        }

        var row = await _server.FindConnectionRowAsync(key.Connection.ToString());
        Assert.Equal(DataConnectionStatus.Linked, row?.Status);
        Assert.NotNull(row?.Credentials);
        Assert.True(await RecordExistsAsync(recordKey));
    }

    [Fact]
    public async Task AConnection_IsFoundOnlyThroughItsOwnTenantAndCompany()
    {
        var key = await CreatePendingConnectionAsync();
        var otherCompany = new CompanyId(Guid.Parse(await _server.Client.CreateCompanyIdAsync("Other company")));

        Assert.NotNull(await Store.FindAsync(key, CancellationToken.None));
        Assert.Null(await Store.FindAsync(key with { Tenant = new TenantId(Guid.NewGuid()) }, CancellationToken.None));
        Assert.Null(await Store.FindAsync(key with { Company = otherCompany }, CancellationToken.None));
        Assert.Null(await Store.FindIntegrationKeyAsync(key with { Tenant = new TenantId(Guid.NewGuid()) }, CancellationToken.None));
        Assert.Empty(await Store.ListOfCompanyAsync(new TenantId(Guid.NewGuid()), key.Company, CancellationToken.None));
        Assert.Single(await Store.ListOfCompanyAsync(key.Tenant, key.Company, CancellationToken.None));
    }

    [Fact]
    public async Task AnotherTenantsKey_ChangesNothing()
    {
        var key = await CreatePendingConnectionAsync();
        var stranger = key with { Tenant = new TenantId(Guid.NewGuid()) };

        await using (var scope = _server.Services.CreateAsyncScope())
        await using (var work = await scope.BeginWorkAsync())
        {
            Assert.Null(await Store.AuthorizeAsync(work, stranger, Credentials(), DateTime.UtcNow, guard: null, CancellationToken.None));
            Assert.False(await Store.DeleteAsync(work, stranger, ifMatch: null, CancellationToken.None));
            await work.CommitAsync(CancellationToken.None);
        }

        var answer = await _server.Client.GetAsync($"/companies/{key.Company}/connections/{key.Connection}");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(DataConnectionStatus.PendingAuth, (await _server.FindConnectionRowAsync(key.Connection.ToString()))?.Status);
    }

    private ConnectionStore Store => _server.Services.GetRequiredService<ConnectionStore>();

    private static SealedCredentials Credentials() => new([1, 2, 3], "test-key", ["accessToken"]);

    private async Task<ConnectionKey> CreatePendingConnectionAsync()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        var connectionId = (await _server.Client.CreateConnectionAsync(companyId)).Id();
        var row = await _server.FindConnectionRowAsync(connectionId) ?? throw new InvalidOperationException("The connection was not stored.");
        return ConnectionKey.Of(row);
    }

    private static async Task AddRecordAsync(UnitOfWork work, TenantId tenant, Guid recordKey)
    {
        work.Db.IdempotencyRecords.Add(new IdempotencyRecord { TenantId = tenant.Value, IdempotencyKey = recordKey, RequestHash = "test", Created = DateTime.UtcNow });
        await work.Db.SaveChangesAsync();
    }

    private async Task<bool> RecordExistsAsync(Guid recordKey)
    {
        await using var db = await _server.CreateDbContextAsync();
        return await db.IdempotencyRecords.IgnoreQueryFilters().AnyAsync(r => r.IdempotencyKey == recordKey);
    }
}
