using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Switchboard.Server.Companies;
using Switchboard.Server.Integrations;
using Switchboard.Server.Paging;
using Switchboard.Server.Persistence;
using Switchboard.Server.Persistence.Sql;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Connections;

/// <summary>
/// Every statement on the <c>connections</c> table and the credentials it holds, on both databases. Nothing else
/// reads or writes connections. Each statement is bound to the tenant (every method takes it) and its parameters are
/// set by name beside it; every row is read by <see cref="ReadRow"/>. Reads of committed state run on the
/// <see cref="ReadPool"/>; changes run inside a caller's <see cref="UnitOfWork"/>, so whatever must commit with a
/// change (an event, an idempotent answer) shares its transaction. Hot paths are one statement each: a guarded
/// <c>UPDATE … RETURNING</c> changes a row and reads it back; <c>INSERT … WHERE EXISTS</c> checks the company as it
/// inserts. The statements read <c>companies</c> only to check that a connection's company exists for its tenant.
/// Credentials are read back only to re-encrypt them under a new key (<see cref="Credentials.CredentialReencryption"/>).
/// </summary>
internal sealed class ConnectionStore(ReadPool reads, SqlDialect dialect)
{
    private const string ThisConnection = "id = @id AND company_id = @company AND tenant_id = @tenant";
    private const string ThisCompany = "company_id = @company AND tenant_id = @tenant";
    private const string CompanyRow = "SELECT 1 FROM companies WHERE id = @company AND tenant_id = @tenant";

    private const string CompanyExistsCondition = $"EXISTS ({CompanyRow})";

    // The columns of a connection row, each beside the code that reads it: the SELECT list is made from this table,
    // so a column's position in a result and the reader of it cannot drift apart.
    private static readonly RowColumn[] Columns =
    [
        new("id", (r, i, _, c) => c.Id = r.GetGuid(i)),
        new("tenant_id", (r, i, _, c) => c.TenantId = r.GetGuid(i)),
        new("company_id", (r, i, _, c) => c.CompanyId = r.GetGuid(i)),
        new("integration_key", (r, i, _, c) => c.IntegrationKey = r.GetString(i)),
        new("integration_id", (r, i, _, c) => c.IntegrationId = r.GetGuid(i)),
        new("source_id", (r, i, _, c) => c.SourceId = r.GetGuid(i)),
        new("source_type", (r, i, _, c) => c.SourceType = Enum.Parse<SourceType>(r.GetString(i))),
        new("platform_name", (r, i, _, c) => c.PlatformName = r.GetString(i)),
        new("status", (r, i, _, c) => c.Status = Enum.Parse<DataConnectionStatus>(r.GetString(i))),
        new("created", (r, i, d, c) => c.Created = d.ReadTime(r, i)),
        new("modified", (r, i, d, c) => c.Modified = d.ReadTime(r, i)),
        new("last_sync", (r, i, d, c) => c.LastSync = d.ReadNullableTime(r, i)),
        new("version", (r, i, _, c) => c.Version = r.GetInt64(i)),
        new("authorization_version", (r, i, _, c) => c.AuthorizationVersion = r.GetInt64(i)),
        new("credential_key_id", (r, i, _, c) => c.CredentialKeyId = r.IsDBNull(i) ? null : r.GetString(i)),
        new("authorization_keys", (r, i, _, c) => c.AuthorizationKeys = JsonColumn.Deserialize(r.GetString(i), StorageJsonContext.Default.ListString)),
        new("authorized", (r, i, d, c) => c.Authorized = d.ReadNullableTime(r, i)),
        new("errors", (r, i, _, c) => c.Errors = JsonColumn.Deserialize(r.GetString(i), StorageJsonContext.Default.ListDataConnectionErrorRecord)),
        new("token_expires", (r, i, d, c) => c.TokenExpires = d.ReadNullableTime(r, i)),
        new("platform_info", (r, i, _, c) => c.PlatformInfo = JsonColumn.Deserialize(r.GetString(i), StorageJsonContext.Default.DictionaryStringString)),
    ];

    // A change that ends the held token set also ends any refresh of it.
    private const string NoTokens = "token_expires = NULL, refresh_at = NULL, refresh_lease = NULL, refresh_owner = NULL, refresh_failures = 0";

    private static readonly string Row = string.Join(", ", Columns.Select(c => c.Name));

    // Over all tenants on purpose: an operator's count for the connections gauge, which carries no tenant's data.
    private static readonly SqlStatement CountByStatus = new("SELECT status, COUNT(*) FROM connections GROUP BY status");

    private static readonly SqlStatement SelectOne = new($"SELECT {Row} FROM connections WHERE {ThisConnection}");

    private static readonly SqlStatement SelectIntegrationKey = new($"SELECT integration_key FROM connections WHERE {ThisConnection}");

    private static readonly SqlStatement SelectOfCompany = new($"SELECT {Row} FROM connections WHERE {ThisCompany} ORDER BY created, id");

    // A company's connections as its delete finds them; on PostgreSQL each row is held until the delete commits.
    private static readonly SqlStatement SelectOfCompanyLocked = new($"SELECT {Row} FROM connections WHERE {ThisCompany} ORDER BY created, id FOR UPDATE");

    // The company's other Linked connection of this connection's own kind (as stored when it was created).
    private static readonly SqlStatement SelectLinkedRival = new(
        $"SELECT {Row} FROM connections WHERE {ThisCompany} AND status = 'Linked' AND id <> @id " +
        "AND source_type = (SELECT own.source_type FROM connections own WHERE own.id = @id AND own.company_id = @company AND own.tenant_id = @tenant) LIMIT 1");

    private static readonly SqlStatement CompanyExists = new($"SELECT 1 WHERE {CompanyExistsCondition}");

    private const string InsertRow =
        "INSERT INTO connections (id, tenant_id, company_id, integration_key, integration_id, source_id, source_type, platform_name, " +
        "status, created, modified, version, authorization_version, authorization_keys, errors) " +
        "SELECT @id, @tenant, @company, @integration_key, @integration_id, @source_id, @source_type, @platform_name, " +
        "'PendingAuth', @now, @now, 1, 1, '[]', '[]'";

    private static readonly SqlStatement Insert = new($"{InsertRow} WHERE {CompanyExistsCondition}");

    /// <summary>
    /// PostgreSQL: the insert takes the company row's key-share lock (the one its foreign key's check takes), so a
    /// delete of the company waits for it (and then takes the new connection with it) or has committed (and nothing is
    /// inserted). Without the lock the foreign key would refuse the row of a company deleted after the <c>EXISTS</c>
    /// saw it, and that error aborts the transaction the request runs in, which may hold more than this insert (an
    /// <c>Idempotency-Key</c>'s record of the answer). Changes to the company's other columns do not wait for it.
    /// </summary>
    private static readonly SqlStatement InsertLockingTheCompanyKey = new($"{InsertRow} WHERE EXISTS ({CompanyRow} FOR KEY SHARE)");

    private static readonly SqlStatement Lock = new($"SELECT 1 FROM connections WHERE {ThisConnection} FOR UPDATE");

    private static readonly SqlStatement Delete = new($"DELETE FROM connections WHERE {ThisConnection}");

    // Each guarded change exists with and without a guard (If-Match, or a link's authorization version); versions are
    // parsed numbers, written into the text as literals (so a guarded statement differs by its versions and is not kept
    // prepared). A change of status or credentials moves the authorization version with the version (to its new value).
    private static readonly GuardedStatement Unlink = new(
        $"UPDATE connections SET status = 'Unlinked', credentials = NULL, credential_key_id = NULL, {NoTokens}, modified = @now, version = version + 1, " +
        $"authorization_version = version + 1 WHERE {ThisConnection} AND status = 'Linked'{{0}} RETURNING {Row}");

    private static readonly GuardedStatement Authorize = new(
        "UPDATE connections SET status = 'Linked', credentials = @credentials, credential_key_id = @key_id, " +
        "authorization_keys = @authorization_keys, authorized = @now, modified = @now, version = version + 1, authorization_version = version + 1, " +
        "token_expires = @token_expires, refresh_at = @refresh_at, platform_info = @platform_info, refresh_lease = NULL, refresh_owner = NULL, refresh_failures = 0 " +
        $"WHERE {ThisConnection}{{0}} RETURNING {Row}");

    private static readonly SqlStatement Deauthorize = new(
        $"UPDATE connections SET status = 'Deauthorized', credentials = NULL, credential_key_id = NULL, {NoTokens}, errors = @errors, " +
        $"modified = @now, version = version + 1, authorization_version = version + 1 WHERE {ThisConnection} AND status = 'Linked' RETURNING {Row}");

    // Key rotation walks a tenant's credentials in id order (the primary key), from a cursor, so each pass reads
    // forward and a run stopped anywhere can start again.
    private static readonly SqlStatement SelectSealedByOtherKey = new(
        "SELECT id, company_id, version, credential_key_id, credentials FROM connections " +
        "WHERE tenant_id = @tenant AND credentials IS NOT NULL AND credential_key_id <> @key_id AND id > @after ORDER BY id LIMIT @take");

    // Only if nothing changed since the row was read (same version, same key): a concurrent authorize or unlink wins.
    private static readonly SqlStatement ReplaceSealed = new(
        "UPDATE connections SET credentials = @credentials, credential_key_id = @key_id " +
        $"WHERE {ThisConnection} AND version = @version AND credential_key_id = @old_key_id");

    // A link attempt that failed: the connection keeps its status and credentials; the error is recorded (a visible
    // change, so the version moves, but the authorization version stays: the link that failed can be tried again).
    private static readonly SqlStatement RecordError = new(
        $"UPDATE connections SET errors = @errors, modified = @now, version = version + 1 WHERE {ThisConnection} AND authorization_version = @authorization_version RETURNING {Row}");

    private static readonly SqlStatement SelectWithCredentials = new($"SELECT {Row}, credentials FROM connections WHERE {ThisConnection}");

    // The refresher's look-up across tenants, through ix_connections_refresh_at (a range on refresh_at, the jittered
    // time each token set is due); the platform comes along, so its budget and pause are checked before any claim.
    private static readonly SqlStatement SelectDue = SelectDueStatement(0);

    /// <summary>How many platforms the look-up for due refreshes can leave out at once.</summary>
    public const int MaxSkippedPlatforms = 4;

    // The same, leaving out the refreshes of 1 to MaxSkippedPlatforms platforms (left alone for a while: the refresher
    // would only put them off, a write each). One statement per count, so each is prepared once.
    private static readonly SqlStatement[] SelectDueWithout = [.. Enumerable.Range(1, MaxSkippedPlatforms).Select(SelectDueStatement)];

    private static SqlStatement SelectDueStatement(int platforms) => new(
        "SELECT tenant_id, company_id, id, integration_key FROM connections WHERE refresh_at IS NOT NULL AND refresh_at <= @now " +
        "AND (refresh_lease IS NULL OR refresh_lease <= @now) " +
        (platforms == 0 ? "" : $"AND integration_key NOT IN ({string.Join(", ", Enumerable.Range(0, platforms).Select(i => $"@skip{i}"))}) ") +
        "ORDER BY refresh_at LIMIT @take");

    // One guarded UPDATE claims a refresh: only a Linked connection whose token is still due (it expires by @due, or,
    // for the refresher, its scheduled refresh time has come by @scheduled; null for an accessToken call, which must not
    // refresh again a token another caller has just refreshed, however early its schedule) and whose lease is free.
    // On PostgreSQL a concurrent claim waits for the row and re-checks the WHERE, so exactly one node wins; on SQLite
    // the write transaction excludes every other writer.
    private static readonly SqlStatement ClaimRefresh = new(
        "UPDATE connections SET refresh_lease = @lease, refresh_owner = @owner " +
        $"WHERE {ThisConnection} AND status = 'Linked' AND token_expires IS NOT NULL AND (token_expires <= @due OR refresh_at <= @scheduled) " +
        $"AND (refresh_lease IS NULL OR refresh_lease <= @now) RETURNING {Row}, credentials, refresh_failures");

    // The new token set, in one write with the rotated refresh token (if any), only by the lease's holder.
    private static readonly SqlStatement CompleteRefresh = new(
        "UPDATE connections SET credentials = @credentials, credential_key_id = @key_id, token_expires = @token_expires, refresh_at = @refresh_at, " +
        "refresh_lease = NULL, refresh_owner = NULL, refresh_failures = 0 " +
        $"WHERE {ThisConnection} AND status = 'Linked' AND refresh_owner = @owner");

    // A failure: the lease becomes the time of the next attempt.
    private static readonly SqlStatement PostponeRefresh = new(
        "UPDATE connections SET refresh_lease = @retry_at, refresh_owner = NULL, refresh_failures = refresh_failures + 1 " +
        $"WHERE {ThisConnection} AND refresh_owner = @owner");

    // Not tried (its platform asked to wait): the lease becomes the time of the attempt, and no failure is counted.
    private static readonly SqlStatement DeferRefresh = new(
        $"UPDATE connections SET refresh_lease = @retry_at, refresh_owner = NULL WHERE {ThisConnection} AND refresh_owner = @owner");

    // Not claimed (its platform's budget is spent, or it asked to wait): the scheduled refresh moves to a later time,
    // unless someone refreshed it meanwhile. The lease stays free, so an accessToken call can still refresh it at once.
    private static readonly SqlStatement PutOffRefresh = new(
        $"UPDATE connections SET refresh_at = @refresh_at WHERE {ThisConnection} AND refresh_at <= @now");

    private static readonly GuardedStatement DeleteGuarded = new($"DELETE FROM connections WHERE {ThisConnection}{{0}}");

    // Lists repeat the same few queries: each is parsed, checked and written as SQL once.
    private const int MaxPlans = 512;
    private readonly ConcurrentDictionary<(string? Query, string? OrderBy), ListPlan> _plans = new();

    /// <summary>The connection as committed, or null when the tenant's company has no such connection.</summary>
    public async Task<ConnectionEntity?> FindAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        return await ReadOneAsync(BindKey(lease.Command(SelectOne), key), cancellationToken);
    }

    /// <summary>How many connections have each status, over all tenants (the telemetry gauge).</summary>
    public async Task<Dictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        await using var reader = await lease.Command(CountByStatus).RunReaderAsync(cancellationToken);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.NextRowAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>The connection's platform key (it never changes), or null when there is no such connection.</summary>
    public async Task<string?> FindIntegrationKeyAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        return (string?)await BindKey(lease.Command(SelectIntegrationKey), key).RunScalarAsync(cancellationToken);
    }

    /// <summary>
    /// The company's other connection of the same kind as <paramref name="key"/>'s that is Linked, read inside the unit (which
    /// holds the company, see <see cref="ConnectionService.AuthorizeAsync"/>); null when there is none.
    /// </summary>
    public async Task<ConnectionEntity?> FindLinkedRivalAsync(UnitOfWork work, ConnectionKey key, CancellationToken cancellationToken)
    {
        await using var command = BindKey(work.Command(SelectLinkedRival), key);
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary>Every connection of a company, oldest first (the list a company's own JSON embeds).</summary>
    public async Task<List<ConnectionEntity>> ListOfCompanyAsync(TenantId tenant, CompanyId company, CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        return await ReadAllAsync(BindCompany(lease.Command(SelectOfCompany), tenant, company), cancellationToken);
    }

    /// <summary>
    /// Every connection of a company, oldest first, as this unit sees them and (where rows are locked) held until it
    /// ends, so a change deleting the company reads exactly the rows it deletes.
    /// </summary>
    public async Task<List<ConnectionEntity>> ListOfCompanyAsync(UnitOfWork work, TenantId tenant, CompanyId company, CancellationToken cancellationToken)
    {
        await using var command = BindCompany(work.Command(dialect.LocksRows ? SelectOfCompanyLocked : SelectOfCompany), tenant, company);
        return await ReadAllAsync(command, cancellationToken);
    }

    /// <summary>
    /// A page of a company's connections, filtered and ordered by the query language, in one statement (two when a
    /// count is needed); null when the tenant has no such company. A bad query or orderBy throws its 400.
    /// </summary>
    public async Task<ConnectionPage?> ListAsync(TenantId tenant, CompanyId company, PageRequest request, CancellationToken cancellationToken)
    {
        var plan = PlanFor(request);
        var rows = new List<ConnectionEntity>();
        var skip = Pager.Skip(request);
        await using var lease = await reads.RentAsync(cancellationToken);
        if (skip <= int.MaxValue)
        {
            var select = BindCompany(lease.Command(plan.Page), tenant, company).Set("@take", (long)request.PageSize).Set("@skip", skip).Set(plan.Values);
            await using var reader = await select.RunReaderAsync(cancellationToken);
            while (await reader.NextRowAsync(cancellationToken))
            {
                rows.Add(ReadRow(reader));
            }
        }

        var total = Pager.HoldsAll(request, rows.Count)
            ? rows.Count
            : Convert.ToInt32(await BindCompany(lease.Command(plan.Count), tenant, company).Set(plan.Values).RunScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        if (rows.Count == 0 && await BindCompany(lease.Command(CompanyExists), tenant, company).RunScalarAsync(cancellationToken) is null)
        {
            return null;
        }

        return new ConnectionPage(rows, total);
    }

    /// <summary>Inserts a new PendingAuth connection; false when the tenant has no such company (nothing inserted).</summary>
    public async Task<bool> InsertAsync(UnitOfWork work, ConnectionEntity connection, CancellationToken cancellationToken)
    {
        await using var command = BindKey(work.Command(dialect.LocksRows ? InsertLockingTheCompanyKey : Insert), ConnectionKey.Of(connection))
            .Set("@integration_key", connection.IntegrationKey)
            .Set("@integration_id", dialect.Id(connection.IntegrationId))
            .Set("@source_id", dialect.Id(connection.SourceId))
            .Set("@source_type", connection.SourceType.ToString())
            .Set("@platform_name", connection.PlatformName)
            .Set("@now", dialect.Time(connection.Created));
        return await command.RunNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Locks the connection's row until the unit ends, so what a change reads and what it writes are one version of
    /// the row, whatever concurrent requests do (see <see cref="SqlDialect.LocksRows"/>).
    /// </summary>
    public async Task LockAsync(UnitOfWork work, ConnectionKey key, CancellationToken cancellationToken)
    {
        if (!dialect.LocksRows)
        {
            return;
        }

        await using var command = BindKey(work.Command(Lock), key);
        await command.RunNonQueryAsync(cancellationToken);
    }

    /// <summary>The connection as this unit sees it (its own changes included), or null.</summary>
    public async Task<ConnectionEntity?> FindAsync(UnitOfWork work, ConnectionKey key, CancellationToken cancellationToken)
    {
        await using var command = BindKey(work.Command(SelectOne), key);
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary>
    /// Any status → Linked with new credentials; null when there is no such connection or the guard fails. An OAuth 2.0
    /// token set passes when its access token expires (so the refresher keeps it fresh) and the platform's facts.
    /// </summary>
    public async Task<ConnectionEntity?> AuthorizeAsync(
        UnitOfWork work, ConnectionKey key, SealedCredentials credentials, DateTime now, VersionGuard? guard, CancellationToken cancellationToken,
        DateTime? tokenExpires = null, DateTime? refreshAt = null, IReadOnlyDictionary<string, string>? platformInfo = null)
    {
        await using var command = BindKey(work.Command(Authorize.For(guard)), key)
            .Set("@credentials", credentials.Ciphertext)
            .Set("@key_id", credentials.KeyId)
            .Set("@authorization_keys", JsonColumn.Serialize<List<string>>([.. credentials.KeyNames], StorageJsonContext.Default.ListString))
            .Set("@now", dialect.Time(now))
            .Set("@token_expires", dialect.Time(tokenExpires))
            .Set("@refresh_at", dialect.Time(refreshAt))
            .Set("@platform_info", JsonColumn.Serialize(new Dictionary<string, string>(platformInfo ?? new Dictionary<string, string>(), StringComparer.Ordinal), StorageJsonContext.Default.DictionaryStringString));
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary>
    /// Records a failed link attempt on the connection authorized as the link found it (<paramref name="authorizationVersion"/>);
    /// its status and credentials stay. Null when its status or credentials changed since, or it is gone.
    /// </summary>
    public async Task<ConnectionEntity?> RecordErrorAsync(
        UnitOfWork work, ConnectionKey key, long authorizationVersion, IReadOnlyList<DataConnectionErrorRecord> current, DataConnectionErrorRecord error, DateTime now, CancellationToken cancellationToken)
    {
        List<DataConnectionErrorRecord> errors = [.. current.TakeLast(DataConnectionErrorRecord.MaxKept - 1), error];
        await using var command = BindKey(work.Command(RecordError), key)
            .Set("@errors", JsonColumn.Serialize(errors, StorageJsonContext.Default.ListDataConnectionErrorRecord))
            .Set("@now", dialect.Time(now))
            .Set("@authorization_version", authorizationVersion);
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary>The committed connection with its sealed credentials (null when none are held), or null when there is no such connection.</summary>
    public async Task<(ConnectionEntity Connection, byte[]? Sealed)?> FindWithCredentialsAsync(ConnectionKey key, CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        await using var reader = await BindKey(lease.Command(SelectWithCredentials), key).RunReaderAsync(cancellationToken);
        return await reader.NextRowAsync(cancellationToken) ? ReadWithCredentials(reader) : null;
    }

    /// <summary>
    /// Up to <paramref name="take"/> connections, of any tenant, whose scheduled refresh time has come by
    /// <paramref name="now"/> and whose refresh nobody holds, soonest first, each with its platform; none of the first
    /// <see cref="MaxSkippedPlatforms"/> platforms in <paramref name="skip"/>.
    /// </summary>
    public async Task<List<DueRefresh>> FindDueForRefreshAsync(DateTime now, int take, IReadOnlyList<string> skip, CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        var skipped = Math.Min(skip.Count, MaxSkippedPlatforms);
        var command = lease.Command(skipped == 0 ? SelectDue : SelectDueWithout[skipped - 1]).Set("@now", dialect.Time(now)).Set("@take", (long)take);
        for (var i = 0; i < skipped; i++)
        {
            command.Set($"@skip{i}", skip[i]);
        }

        var due = new List<DueRefresh>();
        await using var reader = await command.RunReaderAsync(cancellationToken);
        while (await reader.NextRowAsync(cancellationToken))
        {
            due.Add(new DueRefresh(
                new ConnectionKey(new TenantId(reader.GetGuid(0)), new CompanyId(reader.GetGuid(1)), new ConnectionId(reader.GetGuid(2))), reader.GetString(3)));
        }

        return due;
    }

    /// <summary>Moves a due refresh that nobody claimed to <paramref name="refreshAt"/>; false when it was refreshed (or rescheduled) meanwhile.</summary>
    public async Task<bool> PutOffRefreshAsync(IWriteTransaction transaction, ConnectionKey key, DateTime now, DateTime refreshAt, CancellationToken cancellationToken)
    {
        await using var command = BindKey(transaction.Command(PutOffRefresh), key).Set("@now", dialect.Time(now)).Set("@refresh_at", dialect.Time(refreshAt));
        return await command.RunNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Claims the refresh of a Linked connection whose token expires by <paramref name="due"/> (or whose scheduled
    /// refresh time has come by <paramref name="scheduled"/>, when given) and whose lease is free at <paramref name="now"/>,
    /// for <paramref name="owner"/> until <paramref name="leaseUntil"/>; the row, its sealed token set and the refreshes
    /// that failed in a row before, or null when someone else holds it or it is no longer due.
    /// </summary>
    public async Task<(ConnectionEntity Connection, byte[]? Sealed, int Failures)?> ClaimRefreshAsync(
        IWriteTransaction transaction, ConnectionKey key, string owner, DateTime due, DateTime? scheduled, DateTime now, DateTime leaseUntil,
        CancellationToken cancellationToken)
    {
        await using var command = BindKey(transaction.Command(ClaimRefresh), key)
            .Set("@owner", owner)
            .Set("@due", dialect.Time(due))
            .Set("@scheduled", dialect.Time(scheduled))
            .Set("@now", dialect.Time(now))
            .Set("@lease", dialect.Time(leaseUntil));
        await using var reader = await command.RunReaderAsync(cancellationToken);
        if (!await reader.NextRowAsync(cancellationToken))
        {
            return null;
        }

        var (connection, sealedTokens) = ReadWithCredentials(reader);
        return (connection, sealedTokens, Convert.ToInt32(reader.GetValue(Columns.Length + 1), CultureInfo.InvariantCulture));
    }

    /// <summary>Stores a refreshed token set and frees the lease, if <paramref name="owner"/> still holds it; false otherwise.</summary>
    public async Task<bool> CompleteRefreshAsync(
        IWriteTransaction transaction, ConnectionKey key, string owner, SealedCredentials credentials, DateTime? tokenExpires, DateTime? refreshAt,
        CancellationToken cancellationToken)
    {
        await using var command = BindKey(transaction.Command(CompleteRefresh), key)
            .Set("@owner", owner)
            .Set("@credentials", credentials.Ciphertext)
            .Set("@key_id", credentials.KeyId)
            .Set("@token_expires", dialect.Time(tokenExpires))
            .Set("@refresh_at", dialect.Time(refreshAt));
        return await command.RunNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Frees the lease until <paramref name="retryAt"/>: after a failure, counting it (<paramref name="failed"/>), or for a
    /// refresh not tried; false when the lease was lost.
    /// </summary>
    public async Task<bool> PostponeRefreshAsync(
        IWriteTransaction transaction, ConnectionKey key, string owner, DateTime retryAt, CancellationToken cancellationToken, bool failed = true)
    {
        await using var command = BindKey(transaction.Command(failed ? PostponeRefresh : DeferRefresh), key).Set("@owner", owner).Set("@retry_at", dialect.Time(retryAt));
        return await command.RunNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Linked → Unlinked, destroying the credentials; null when the connection is not Linked (or If-Match fails).</summary>
    public async Task<ConnectionEntity?> UnlinkAsync(UnitOfWork work, ConnectionKey key, DateTime now, IReadOnlyList<long>? ifMatch, CancellationToken cancellationToken)
    {
        await using var command = BindKey(work.Command(Unlink.For(VersionGuard.IfMatch(ifMatch))), key).Set("@now", dialect.Time(now));
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary>
    /// Linked → Deauthorized, destroying the credentials and recording <paramref name="error"/> (the latest
    /// <see cref="DataConnectionErrorRecord.MaxKept"/> are kept); null when the connection is not Linked. Lock the row first
    /// (<see cref="LockAsync"/>) and pass the errors it holds, so no concurrent change of them is lost.
    /// </summary>
    public async Task<ConnectionEntity?> DeauthorizeAsync(
        UnitOfWork work, ConnectionKey key, IReadOnlyList<DataConnectionErrorRecord> current, DataConnectionErrorRecord error, DateTime now, CancellationToken cancellationToken)
    {
        List<DataConnectionErrorRecord> errors = [.. current.TakeLast(DataConnectionErrorRecord.MaxKept - 1), error];
        await using var command = BindKey(work.Command(Deauthorize), key)
            .Set("@errors", JsonColumn.Serialize(errors, StorageJsonContext.Default.ListDataConnectionErrorRecord))
            .Set("@now", dialect.Time(now));
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary>Deletes the connection and its credentials; false when there is none (or If-Match fails).</summary>
    public async Task<bool> DeleteAsync(UnitOfWork work, ConnectionKey key, IReadOnlyList<long>? ifMatch, CancellationToken cancellationToken)
    {
        await using var command = BindKey(work.Command(ifMatch is null ? Delete : DeleteGuarded.For(VersionGuard.IfMatch(ifMatch))), key);
        return await command.RunNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>
    /// Up to <paramref name="take"/> of the tenant's credentials sealed under a key other than <paramref name="currentKeyId"/>,
    /// after the connection <paramref name="after"/> in id order.
    /// </summary>
    public async Task<List<SealedRow>> FindSealedByOtherKeyAsync(
        TenantId tenant, string currentKeyId, Guid? after, int take, CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        var command = lease.Command(SelectSealedByOtherKey)
            .Set("@tenant", dialect.Id(tenant.Value))
            .Set("@key_id", currentKeyId)
            .Set("@after", after is { } id ? dialect.Id(id) : dialect.Id(Guid.Empty))
            .Set("@take", (long)take);
        var rows = new List<SealedRow>();
        await using var reader = await command.RunReaderAsync(cancellationToken);
        while (await reader.NextRowAsync(cancellationToken))
        {
            rows.Add(new SealedRow(
                new ConnectionKey(tenant, new CompanyId(reader.GetGuid(1)), new ConnectionId(reader.GetGuid(0))),
                reader.GetInt64(2),
                reader.GetString(3),
                (byte[])reader.GetValue(4)));
        }

        return rows;
    }

    /// <summary>Replaces a row's sealed credentials if the row is still as <paramref name="read"/> found it; false otherwise.</summary>
    public async Task<bool> ReplaceSealedAsync(IWriteTransaction transaction, SealedRow read, byte[] ciphertext, string keyId, CancellationToken cancellationToken)
    {
        await using var command = BindKey(transaction.Command(ReplaceSealed), read.Connection)
            .Set("@credentials", ciphertext)
            .Set("@key_id", keyId)
            .Set("@version", read.Version)
            .Set("@old_key_id", read.KeyId);
        return await command.RunNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>The refresher's look-up across tenants, for the test that checks the database plans it through its index.</summary>
    internal static SqlStatement DueForRefresh => SelectDue;

    internal static SqlStatement DueForRefreshSkipping(int platforms) => SelectDueWithout[platforms - 1];

    /// <summary>The statements this store runs, for tests that check each is bound to the tenant.</summary>
    internal static IEnumerable<SqlStatement> Statements =>
    [
        SelectOne, SelectIntegrationKey, SelectOfCompany, SelectOfCompanyLocked, SelectLinkedRival, CompanyExists, Insert, InsertLockingTheCompanyKey, Lock, Delete, Deauthorize,
        Unlink.For(null), Unlink.For(VersionGuard.IfMatch([1])), Authorize.For(null), Authorize.For(VersionGuard.IfMatch([1])),
        Authorize.For(VersionGuard.Authorization(1)), DeleteGuarded.For(VersionGuard.IfMatch([1])),
        SelectSealedByOtherKey, ReplaceSealed, RecordError, SelectWithCredentials, ClaimRefresh, CompleteRefresh, PostponeRefresh, DeferRefresh,
        PutOffRefresh,
    ];

    private DbCommand BindKey(DbCommand command, ConnectionKey key) =>
        command.Set("@tenant", dialect.Id(key.Tenant.Value)).Set("@company", dialect.Id(key.Company.Value)).Set("@id", dialect.Id(key.Connection.Value));

    private DbCommand BindCompany(DbCommand command, TenantId tenant, CompanyId company) =>
        command.Set("@tenant", dialect.Id(tenant.Value)).Set("@company", dialect.Id(company.Value));

    private async Task<ConnectionEntity?> ReadOneAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.RunReaderAsync(cancellationToken);
        return await reader.NextRowAsync(cancellationToken) ? ReadRow(reader) : null;
    }

    private async Task<List<ConnectionEntity>> ReadAllAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<ConnectionEntity>();
        await using var reader = await command.RunReaderAsync(cancellationToken);
        while (await reader.NextRowAsync(cancellationToken))
        {
            rows.Add(ReadRow(reader));
        }

        return rows;
    }

    private (ConnectionEntity, byte[]?) ReadWithCredentials(DbDataReader reader) =>
        (ReadRow(reader), reader.IsDBNull(Columns.Length) ? null : (byte[])reader.GetValue(Columns.Length));

    /// <summary>The one reader of connection rows: every statement that returns rows selects <see cref="Row"/>.</summary>
    private ConnectionEntity ReadRow(DbDataReader reader)
    {
        var connection = new ConnectionEntity { IntegrationKey = "", PlatformName = "" };
        for (var i = 0; i < Columns.Length; i++)
        {
            Columns[i].Read(reader, i, dialect, connection);
        }

        return connection;
    }

    private ListPlan PlanFor(PageRequest request)
    {
        var key = (request.Query, request.OrderBy);
        if (_plans.TryGetValue(key, out var plan))
        {
            return plan;
        }

        // Throws the 400 for a bad query or orderBy, exactly as the EF Core lists do.
        var (bound, sortKeys) = Pager.Bind(request, ConnectionQuerySchema.Instance);
        var writer = new SqlQueryWriter(dialect);
        var filter = bound is null ? null : writer.WriteFilter(bound);
        var order = SqlQueryWriter.WriteOrder(sortKeys);
        var where = ThisCompany + (filter is null ? "" : " AND " + filter);
        plan = new ListPlan(
            new SqlStatement($"SELECT {Row} FROM connections WHERE {where} ORDER BY {order} LIMIT @take OFFSET @skip"),
            new SqlStatement($"SELECT COUNT(*) FROM connections WHERE {where}"),
            [.. writer.ParameterNames.Zip(writer.Values, (name, value) => (name, value))]);
        if (_plans.Count >= MaxPlans)
        {
            _plans.Clear();
        }

        return _plans.GetOrAdd(key, plan);
    }

    private sealed record ListPlan(SqlStatement Page, SqlStatement Count, (string Name, object? Value)[] Values);

    private sealed record RowColumn(string Name, Action<DbDataReader, int, SqlDialect, ConnectionEntity> Read);

    /// <summary>A statement with a <c>{0}</c> where an If-Match guard on the row's version goes.</summary>
    private sealed class GuardedStatement(string template)
    {
        private readonly SqlStatement _unguarded = new(string.Format(CultureInfo.InvariantCulture, template, ""));

        public SqlStatement For(VersionGuard? guard) => guard is null
            ? _unguarded
            : new(string.Format(CultureInfo.InvariantCulture, template,
                $" AND {(guard.OfAuthorization ? "authorization_version" : "version")} IN (" +
                string.Join(", ", guard.Versions.Select(v => v.ToString(CultureInfo.InvariantCulture))) + ")"));
    }
}
