using Switchboard.Server.Companies;
using Switchboard.Server.Connections;
using Switchboard.Server.Persistence;
using Switchboard.Server.Persistence.Sql;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.OAuth;

/// <summary>
/// Every statement on <c>oauth_states</c>: the authorizations in progress, keyed by the SHA-256 of the state sent to
/// the platform (the state itself is never stored). Taking one deletes it, in the same statement, so a state is
/// used at most once even when the callback is replayed concurrently on several nodes.
/// </summary>
internal sealed class OAuthStateStore(SqlDialect dialect)
{
    private static readonly SqlStatement Insert = new(
        "INSERT INTO oauth_states (id, tenant_id, company_id, connection_id, authorization_version, expires, custom) " +
        "VALUES (@id, @tenant, @company, @connection, @authorization_version, @expires, @custom)");

    // Abandoned authorizations (the end user never came back) go through the expiry index, a day after they expired:
    // until then a late callback still names its connection, so its failure is recorded there.
    private static readonly SqlStatement DeleteExpired = new("DELETE FROM oauth_states WHERE expires <= @before");

    private static readonly TimeSpan KeptAfterExpiry = TimeSpan.FromDays(1);

    private static readonly SqlStatement Take = new(
        "DELETE FROM oauth_states WHERE id = @id RETURNING tenant_id, company_id, connection_id, authorization_version, expires, custom");

    public async Task AddAsync(IWriteTransaction transaction, string id, PendingAuthorization pending, DateTime now, CancellationToken cancellationToken)
    {
        await using (var expired = transaction.Command(DeleteExpired).Set("@before", dialect.Time(now - KeptAfterExpiry)))
        {
            await expired.RunNonQueryAsync(cancellationToken);
        }

        await using var command = transaction.Command(Insert)
            .Set("@id", id)
            .Set("@tenant", dialect.Id(pending.Connection.Tenant.Value))
            .Set("@company", dialect.Id(pending.Connection.Company.Value))
            .Set("@connection", dialect.Id(pending.Connection.Connection.Value))
            .Set("@authorization_version", pending.AuthorizationVersion)
            .Set("@expires", dialect.Time(pending.Expires))
            .Set("@custom", JsonColumn.Serialize(new Dictionary<string, string>(pending.Custom, StringComparer.Ordinal), StorageJsonContext.Default.DictionaryStringString));
        await command.RunNonQueryAsync(cancellationToken);
    }

    /// <summary>The authorization for <paramref name="id"/>, deleted as it is read; null when there is none (never made, used, or cleaned up).</summary>
    public async Task<PendingAuthorization?> TakeAsync(IWriteTransaction transaction, string id, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(Take).Set("@id", id);
        await using var reader = await command.RunReaderAsync(cancellationToken);
        if (!await reader.NextRowAsync(cancellationToken))
        {
            return null;
        }

        return new PendingAuthorization(
            new ConnectionKey(new TenantId(reader.GetGuid(0)), new CompanyId(reader.GetGuid(1)), new ConnectionId(reader.GetGuid(2))),
            reader.GetInt64(3),
            dialect.ReadTime(reader, 4),
            JsonColumn.Deserialize(reader.GetString(5), StorageJsonContext.Default.DictionaryStringString));
    }
}
