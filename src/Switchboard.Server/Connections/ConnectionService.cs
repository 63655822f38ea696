using Switchboard.Server.Common;
using Switchboard.Server.Companies;
using Switchboard.Server.Concurrency;
using Switchboard.Server.Credentials;
using Switchboard.Server.Errors;
using Switchboard.Server.Integrations;
using Switchboard.Server.OAuth;
using Switchboard.Server.Persistence;
using Switchboard.Server.Tenancy;
using Switchboard.Server.Webhooks;

namespace Switchboard.Server.Connections;

/// <summary>
/// The connection lifecycle: validates each request, then makes its change through <see cref="ConnectionStore"/>
/// in one <see cref="UnitOfWork"/>. Every state change is one guarded statement inside a write transaction, so
/// concurrent unlink, re-authorization and delete each see a consistent row and never resurrect a deleted one.
/// </summary>
internal sealed class ConnectionService(
    SwitchboardDbContext db,
    ConnectionStore store,
    IntegrationCatalog catalog,
    CredentialProtector protector,
    WebhookOutbox events,
    WriteGate writeGate,
    RefreshSchedule refreshes,
    TimeProvider time)
{
    public const string NotFoundMessage = "Connection not found: no such connection exists for this company.";
    public const int MaxAuthorizationEntries = 100;
    public const int MaxAuthorizationKeyLength = 256;
    public const int MaxAuthorizationValueLength = 8192;

    public async Task<ConnectionEntity> CreateAsync(TenantId tenant, CompanyId company, string? platformKey, CancellationToken cancellationToken)
    {
        var integration = RequireEnabledIntegration(platformKey);
        var now = time.UtcNow();
        var connection = new ConnectionEntity
        {
            Id = SequentialIds.Next(time),
            TenantId = tenant.Value,
            CompanyId = company.Value,
            IntegrationKey = integration.Key,
            IntegrationId = integration.IntegrationId,
            SourceId = integration.SourceId,
            SourceType = integration.SourceType,
            PlatformName = integration.Name,
            Status = DataConnectionStatus.PendingAuth,
            Created = now,
            Modified = now,
            Version = 1,
            AuthorizationVersion = 1,
        };
        // What the event needs is read before the write turn (see WebhookOutbox.SubscribersBeforeAsync).
        var subscribers = await events.SubscribersBeforeAsync(tenant, cancellationToken);
        var owner = await events.CompanyForEventAsync(db, subscribers, WebhookEventTypes.ConnectionCreated, tenant.Value, company.Value, cancellationToken);
        await using var work = await BeginAsync(cancellationToken);
        if (!await store.InsertAsync(work, connection, cancellationToken))
        {
            throw ApiException.NotFound(CompanyService.NotFoundMessage);
        }

        await events.ConnectionEventAsync(work, subscribers, WebhookEventTypes.ConnectionCreated, owner, connection, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return connection;
    }

    public async Task<ConnectionEntity> UnlinkAsync(ConnectionKey key, string? requestedStatus, IReadOnlyList<long>? ifMatch, CancellationToken cancellationToken)
    {
        RequireUnlinkedStatus(requestedStatus);
        await using var work = await BeginAsync(cancellationToken);
        await store.LockAsync(work, key, cancellationToken);
        var connection = await store.UnlinkAsync(work, key, time.UtcNow(), ifMatch, cancellationToken);
        if (connection is not null)
        {
            await events.ConnectionEventAsync(work, WebhookEventTypes.ConnectionDisconnected, connection, cancellationToken);
        }
        else
        {
            // Nothing changed: say why, from the row as it is (the unit still holds it).
            connection = await FindAsync(work, key, cancellationToken);
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

        await work.CommitAsync(cancellationToken);
        return connection;
    }

    public async Task<ConnectionEntity> AuthorizeAsync(
        ConnectionKey key, IReadOnlyDictionary<string, string> credentials, VersionGuard? guard, CancellationToken cancellationToken)
    {
        ValidateCredentialShape(credentials);
        // A connection's integration never changes, so it can be read before the write turn.
        var integrationKey = await store.FindIntegrationKeyAsync(key, cancellationToken) ?? throw ApiException.NotFound(NotFoundMessage);
        var integration = RequireAuthorizableBy(integrationKey, credentials);
        var sealedCredentials = new SealedCredentials(
            protector.Protect(credentials, new CredentialScope(key.Tenant.Value, key.Company.Value, key.Connection.Value)),
            protector.CurrentKeyId,
            [.. credentials.Keys.Order(StringComparer.Ordinal)]);
        return await AuthorizeSealedAsync(key, integration, sealedCredentials, guard, cancellationToken);
    }

    /// <summary>
    /// Links the connection with credentials already sealed for it (typed in, or a token set a platform issued), in one
    /// unit of work: the one-of-a-kind rule, the change and its webhook event. <paramref name="tokenExpires"/> and
    /// <paramref name="platformInfo"/> come with an OAuth 2.0 token set. A failed <paramref name="guard"/> is a 412.
    /// </summary>
    public async Task<ConnectionEntity> AuthorizeSealedAsync(
        ConnectionKey key, IntegrationDefinition integration, SealedCredentials sealedCredentials, VersionGuard? guard, CancellationToken cancellationToken,
        DateTime? tokenExpires = null, IReadOnlyDictionary<string, string>? platformInfo = null)
    {
        await using var work = await BeginAsync(cancellationToken);
        if (IsOneOfAKind(integration.SourceType))
        {
            // One Linked connection of this kind per company: the company's row is held (always before the connection's,
            // as a company update holds it) while the rule is checked and the change made, so of two concurrent
            // authorizations on any nodes the second sees the first's. SQLite's write transaction already excludes
            // every other writer, in this process or another.
            await work.Db.LockCompanyAsync(key.Company.Value, cancellationToken);
            if (await store.FindLinkedRivalAsync(work, key, cancellationToken) is { } rival)
            {
                throw ApiException.Conflict(
                    $"This company already has a Linked {rival.SourceType} connection: {rival.PlatformName} (connection {rival.Id}). " +
                    $"A company connects to one {rival.SourceType} platform at a time: unlink that connection first.");
            }
        }

        await store.LockAsync(work, key, cancellationToken);
        var subscribers = await events.SubscribersAsync(work, key.Tenant, cancellationToken);
        // The status before tells connected (first authorization) from reconnected; read only when someone listens.
        var before = subscribers.Count == 0 ? null : await store.FindAsync(work, key, cancellationToken);
        var now = time.UtcNow();
        var connection = await store.AuthorizeAsync(
            work, key, sealedCredentials, now, guard, cancellationToken, tokenExpires, refreshes.RefreshAt(tokenExpires, now), platformInfo);
        if (connection is null)
        {
            // Deleted since, or the guard failed.
            await FindAsync(work, key, cancellationToken);
            throw EntityTags.Mismatch();
        }

        if (before is { Status: not DataConnectionStatus.Linked })
        {
            var eventType = before.Status == DataConnectionStatus.PendingAuth ? WebhookEventTypes.ConnectionConnected : WebhookEventTypes.ConnectionReconnected;
            await events.ConnectionEventAsync(work, subscribers, eventType, connection, cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// What happens when a platform revokes access or the credentials expire: a Linked connection becomes
    /// Deauthorized, its credentials are destroyed, and the platform's error is recorded on it.
    /// </summary>
    public async Task<ConnectionEntity> DeauthorizeAsync(ConnectionKey key, string? reason, CancellationToken cancellationToken)
    {
        var now = time.UtcNow();
        await using var work = await BeginAsync(cancellationToken);
        await store.LockAsync(work, key, cancellationToken);
        var current = await FindAsync(work, key, cancellationToken);
        var error = new DataConnectionErrorRecord
        {
            StatusCode = "401",
            StatusText = "Unauthorized",
            ErrorMessage = string.IsNullOrWhiteSpace(reason) ? "The platform revoked access or the credentials expired." : DataConnectionErrorRecord.Capped(reason),
            ErroredOnUtc = now,
        };
        var connection = await store.DeauthorizeAsync(work, key, current.Errors, error, now, cancellationToken)
            ?? throw ApiException.Conflict($"Only a Linked connection can lose its authorization; this connection is {current.Status}.");
        await events.ConnectionEventAsync(work, WebhookEventTypes.ConnectionDisconnected, connection, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return connection;
    }

    public async Task DeleteAsync(ConnectionKey key, IReadOnlyList<long>? ifMatch, CancellationToken cancellationToken)
    {
        await using var work = await BeginAsync(cancellationToken);
        var subscribers = await events.SubscribersAsync(work, key.Tenant, cancellationToken);
        var listened = WebhookOutbox.AnyWants(subscribers, WebhookEventTypes.ConnectionDeleted);
        if (listened)
        {
            // The event shows the connection as it was: lock it, so what is read is what is deleted.
            await store.LockAsync(work, key, cancellationToken);
        }

        var before = listened ? await store.FindAsync(work, key, cancellationToken) : null;
        if (!await store.DeleteAsync(work, key, ifMatch, cancellationToken))
        {
            // Nothing deleted: either there is nothing to delete, or it changed since the client read it.
            await FindAsync(work, key, cancellationToken);
            throw EntityTags.Mismatch();
        }

        if (before is not null)
        {
            await events.ConnectionEventAsync(work, subscribers, WebhookEventTypes.ConnectionDeleted, before, cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
    }

    private Task<UnitOfWork> BeginAsync(CancellationToken cancellationToken) => UnitOfWork.BeginAsync(db, writeGate, cancellationToken);

    private async Task<ConnectionEntity> FindAsync(UnitOfWork work, ConnectionKey key, CancellationToken cancellationToken) =>
        await store.FindAsync(work, key, cancellationToken) ?? throw ApiException.NotFound(NotFoundMessage);

    /// <summary>
    /// Kinds of platform a company connects one of at a time, as with Codat (a single accounting and a single bank-feeds
    /// source; any number of banking and commerce ones).
    /// </summary>
    public static bool IsOneOfAKind(SourceType sourceType) => sourceType is SourceType.Accounting or SourceType.BankFeed;

    private IntegrationDefinition RequireAuthorizableBy(string integrationKey, IReadOnlyDictionary<string, string> credentials)
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

        return integration;
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
