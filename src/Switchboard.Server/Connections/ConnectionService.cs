using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Common;
using Switchboard.Server.Companies;
using Switchboard.Server.Concurrency;
using Switchboard.Server.Credentials;
using Switchboard.Server.Errors;
using Switchboard.Server.Integrations;
using Switchboard.Server.Persistence;
using Switchboard.Server.Persistence.Sql;

namespace Switchboard.Server.Connections;

/// <summary>
/// The connection lifecycle. Every state change is one guarded UPDATE or DELETE inside a write transaction, so
/// concurrent unlink, re-authorization and delete each see a consistent row and never resurrect a deleted one.
/// </summary>
internal sealed class ConnectionService(
    SwitchboardDbContext db,
    IntegrationCatalog catalog,
    CredentialProtector protector,
    WriteGate writeGate,
    ConnectionReader reader,
    SqlDialect dialect,
    TimeProvider time)
{
    public const int MaxAuthorizationEntries = 100;
    public const int MaxAuthorizationKeyLength = 256;
    public const int MaxAuthorizationValueLength = 8192;

    public async Task<ConnectionEntity> CreateAsync(Guid companyId, string? platformKey, CancellationToken cancellationToken)
    {
        var integration = RequireEnabledIntegration(platformKey);
        var now = time.UtcNow();
        var connection = new ConnectionEntity
        {
            Id = SequentialIds.Next(time),
            TenantId = db.TenantId,
            CompanyId = companyId,
            IntegrationKey = integration.Key,
            IntegrationId = integration.IntegrationId,
            SourceId = integration.SourceId,
            SourceType = integration.SourceType,
            PlatformName = integration.Name,
            Status = DataConnectionStatus.PendingAuth,
            Created = now,
            Modified = now,
            Version = 1,
        };
        await using var transaction = await WriteScope.BeginAsync(db, writeGate, cancellationToken);
        await using var command = db.CreateCommand(ConnectionRows.Insert).Bind(
            dialect.Id(connection.Id), dialect.Id(connection.CompanyId), dialect.Id(connection.TenantId), connection.IntegrationKey,
            dialect.Id(connection.IntegrationId), dialect.Id(connection.SourceId), connection.SourceType.ToString(), connection.PlatformName,
            dialect.Time(connection.Created));
        int inserted;
        try
        {
            inserted = await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException error) when (DatabaseErrors.IsForeignKeyViolation(error))
        {
            // PostgreSQL: the company was deleted after the EXISTS saw it, and the foreign key refused the row.
            inserted = 0;
        }

        if (inserted == 0)
        {
            throw ApiException.NotFound(CompanyService.NotFoundMessage);
        }

        await transaction.CommitAsync(cancellationToken);
        return connection;
    }

    public async Task<ConnectionEntity> UnlinkAsync(
        Guid companyId, Guid connectionId, string? requestedStatus, IReadOnlyList<long>? ifMatch, CancellationToken cancellationToken)
    {
        RequireUnlinkedStatus(requestedStatus);
        var now = time.UtcNow();
        await using var transaction = await WriteScope.BeginAsync(db, writeGate, cancellationToken);
        await db.LockConnectionAsync(connectionId, cancellationToken);
        await using var command = db.CreateCommand(ConnectionRows.Unlink(ifMatch))
            .BindKey(dialect, db.TenantId, companyId, connectionId).BindFrom(3, dialect.Time(now));
        var connection = await reader.ReadOneAsync(command, cancellationToken);
        if (connection is null)
        {
            // Nothing changed: say why, from the row as it is (the transaction still holds it).
            connection = await ReadInTransactionAsync(companyId, connectionId, cancellationToken);
            if (ifMatch is not null && !ifMatch.Contains(connection.Version))
            {
                throw EntityTags.Mismatch();
            }

            if (connection.Status != DataConnectionStatus.Unlinked)
            {
                throw ApiException.Conflict(
                    $"Only a Linked connection can be unlinked; this connection is {connection.Status}." +
                    (connection.Status == DataConnectionStatus.PendingAuth ? " It has not been authorized yet: delete it instead." : " Its access has already ended: authorize it again or delete it."));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return connection;
    }

    public async Task<ConnectionEntity> AuthorizeAsync(
        Guid companyId, Guid connectionId, IReadOnlyDictionary<string, string> credentials, IReadOnlyList<long>? ifMatch, CancellationToken cancellationToken)
    {
        ValidateCredentialShape(credentials);
        // A connection's integration never changes, so it can be read before the write turn.
        var integrationKey = await reader.GetIntegrationKeyAsync(db.TenantId, companyId, connectionId, cancellationToken);
        RequireAuthorizableBy(integrationKey, credentials);
        var blob = protector.Protect(credentials, new CredentialScope(db.TenantId, companyId, connectionId));
        var keyNames = JsonColumn.Serialize<List<string>>([.. credentials.Keys.Order(StringComparer.Ordinal)], StorageJsonContext.Default.ListString);
        var now = time.UtcNow();
        await using var transaction = await WriteScope.BeginAsync(db, writeGate, cancellationToken);
        await db.LockConnectionAsync(connectionId, cancellationToken);
        await using var command = db.CreateCommand(ConnectionRows.Authorize(ifMatch))
            .BindKey(dialect, db.TenantId, companyId, connectionId).BindFrom(3, dialect.Time(now), blob, protector.CurrentKeyId, keyNames);
        var connection = await reader.ReadOneAsync(command, cancellationToken);
        if (connection is null)
        {
            // Deleted since, or If-Match failed.
            await ReadInTransactionAsync(companyId, connectionId, cancellationToken);
            throw EntityTags.Mismatch();
        }

        await transaction.CommitAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// What happens when a platform revokes access or the credentials expire: a Linked connection becomes
    /// Deauthorized, its credentials are destroyed, and the platform's error is recorded on it.
    /// </summary>
    public async Task<ConnectionEntity> DeauthorizeAsync(Guid companyId, Guid connectionId, string? reason, CancellationToken cancellationToken)
    {
        var now = time.UtcNow();
        await using var transaction = await WriteScope.BeginAsync(db, writeGate, cancellationToken);
        await db.LockConnectionAsync(connectionId, cancellationToken);
        var changed = await Find(companyId, connectionId)
            .Where(c => c.Status == DataConnectionStatus.Linked)
            .ExecuteUpdateAsync(
                s => s.SetProperty(c => c.Status, DataConnectionStatus.Deauthorized)
                    .SetProperty(c => c.Credentials, (byte[]?)null)
                    .SetProperty(c => c.CredentialKeyId, (string?)null)
                    .SetProperty(c => c.Modified, now)
                    .SetProperty(c => c.Version, c => c.Version + 1),
                cancellationToken);
        var connection = await Find(companyId, connectionId).AsTracking().FirstOrDefaultAsync(cancellationToken)
            ?? throw ApiException.NotFound(ConnectionReader.NotFoundMessage);
        if (changed == 0)
        {
            throw ApiException.Conflict($"Only a Linked connection can lose its authorization; this connection is {connection.Status}.");
        }

        // The row is ours until commit (SQLite's write lock, PostgreSQL's row lock from the update above).
        connection.Errors = [.. connection.Errors.TakeLast(DataConnectionErrorRecord.MaxKept - 1), new DataConnectionErrorRecord
        {
            StatusCode = "401",
            StatusText = "Unauthorized",
            ErrorMessage = string.IsNullOrWhiteSpace(reason) ? "The platform revoked access or the credentials expired." : reason,
            ErroredOnUtc = now,
        }];
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return connection;
    }

    public async Task DeleteAsync(Guid companyId, Guid connectionId, IReadOnlyList<long>? ifMatch, CancellationToken cancellationToken)
    {
        int deleted;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            deleted = await Find(companyId, connectionId, ifMatch).ExecuteDeleteAsync(cancellationToken);
        }

        if (deleted == 0)
        {
            // Nothing deleted: either there is nothing to delete, or it changed since the client read it.
            await reader.GetAsync(db.TenantId, companyId, connectionId, cancellationToken);
            throw EntityTags.Mismatch();
        }
    }

    private async Task<ConnectionEntity> ReadInTransactionAsync(Guid companyId, Guid connectionId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(ConnectionRows.SelectOne).BindKey(dialect, db.TenantId, companyId, connectionId);
        return await reader.ReadOneAsync(command, cancellationToken) ?? throw ApiException.NotFound(ConnectionReader.NotFoundMessage);
    }

    private void RequireAuthorizableBy(string integrationKey, IReadOnlyDictionary<string, string> credentials)
    {
        var integration = catalog.Find(integrationKey);
        if (integration is not { Enabled: true })
        {
            throw ApiException.BadRequest($"The integration '{integrationKey}' of this connection is disabled on this server; it cannot be authorized.");
        }

        var missing = integration.AuthorizationKeys.Where(k => !credentials.TryGetValue(k, out var v) || string.IsNullOrEmpty(v)).ToList();
        if (missing.Count > 0)
        {
            throw ApiException.BadRequest(
                $"Missing authorization keys for {IntegrationCatalog.Describe(integration)}: {string.Join(", ", missing)}.",
                [.. missing.Select(k => new ErrorValidationItem(k, $"'{k}' is required by {integration.Name}.", "RequiredAuthorizationKey"))]);
        }
    }

    private IQueryable<ConnectionEntity> Find(Guid companyId, Guid connectionId, IReadOnlyList<long>? ifMatch = null)
    {
        var query = db.Connections.Where(c => c.Id == connectionId && c.CompanyId == companyId);
        return ifMatch is null ? query : query.Where(c => ifMatch.Contains(c.Version));
    }

    private IntegrationDefinition RequireEnabledIntegration(string? platformKey)
    {
        if (string.IsNullOrEmpty(platformKey))
        {
            throw ApiException.InvalidField("platformKey", "platformKey is required: the four-letter key of an integration (see GET /integrations).");
        }

        var shown = Echo.Shorten(platformKey);
        if (!IntegrationCatalog.IsWellFormedKey(platformKey))
        {
            throw ApiException.InvalidField("platformKey", $"platformKey '{shown}' is malformed: a platform key is exactly four lowercase letters.");
        }

        var integration = catalog.Find(platformKey)
            ?? throw ApiException.InvalidField("platformKey", $"platformKey '{shown}' is not a known integration (see GET /integrations).");
        return integration.Enabled
            ? integration
            : throw ApiException.InvalidField("platformKey", $"platformKey '{shown}' ({integration.Name}) is disabled on this server.");
    }

    private static void RequireUnlinkedStatus(string? requestedStatus)
    {
        if (requestedStatus is null || requestedStatus == nameof(DataConnectionStatus.Unlinked))
        {
            return;
        }

        var shown = Echo.Shorten(requestedStatus);
        throw Enum.TryParse<DataConnectionStatus>(requestedStatus, ignoreCase: false, out _) && !int.TryParse(requestedStatus, out _)
            ? ApiException.InvalidField("status", $"status '{shown}' cannot be set by this request: it only unlinks, so status must be 'Unlinked'.")
            : ApiException.InvalidField("status", $"status '{shown}' is not a connection status: expected 'Unlinked'.");
    }

    private static void ValidateCredentialShape(IReadOnlyDictionary<string, string> credentials)
    {
        if (credentials.Count > MaxAuthorizationEntries)
        {
            throw ApiException.BadRequest($"The authorization has {credentials.Count} entries; at most {MaxAuthorizationEntries} are allowed.");
        }

        foreach (var (key, value) in credentials)
        {
            if (key.Length is 0 or > MaxAuthorizationKeyLength)
            {
                throw ApiException.BadRequest($"Authorization key names must be 1 to {MaxAuthorizationKeyLength} characters long.");
            }

            if (value is null)
            {
                throw ApiException.BadRequest($"The authorization value for '{key}' must be a string, not null.");
            }

            if (value.Length > MaxAuthorizationValueLength)
            {
                throw ApiException.BadRequest($"The authorization value for '{key}' is longer than {MaxAuthorizationValueLength} characters.");
            }
        }
    }
}
