using System.Data.Common;
using System.Globalization;
using System.Collections.Concurrent;
using Switchboard.Server.Paging;
using Switchboard.Server.Persistence;
using Switchboard.Server.Persistence.Sql;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Webhooks;

/// <summary>
/// Every statement on the webhook tables (<c>webhook_consumers</c>, <c>webhook_events</c>, <c>webhook_deliveries</c>),
/// on both databases; nothing else reads or writes them. The API's statements are bound to the tenant. The delivery
/// worker's claim and prune work across tenants by design (one queue per node), and each statement that changes
/// a consumer or a delivery afterwards names its tenant again. Changes run in a caller's transaction, so events
/// commit with the change that caused them.
/// </summary>
internal sealed class WebhookStore(ReadPool reads, SqlDialect dialect)
{
    private const string ConsumerRow =
        "id, tenant_id, url, disabled, disabled_reason, event_types, company_tags, secret_key_id, secret, " +
        "previous_secret_key_id, previous_secret, previous_secret_expires, created";

    private const string DeliveryRow =
        "id, consumer_id, event_id, event_type, status, attempts, next_attempt, last_attempt, status_code, duration_ms, error, response_body, created, completed";

    private const string ThisConsumer = "id = @id AND tenant_id = @tenant";

    private static readonly SqlStatement SelectConsumers = new($"SELECT {ConsumerRow} FROM webhook_consumers WHERE tenant_id = @tenant ORDER BY created, id");

    private static readonly SqlStatement SelectEnabledConsumers = new($"SELECT {ConsumerRow} FROM webhook_consumers WHERE tenant_id = @tenant AND NOT disabled");

    private static readonly SqlStatement SelectConsumer = new($"SELECT {ConsumerRow} FROM webhook_consumers WHERE {ThisConsumer}");

    private static readonly SqlStatement CountConsumers = new("SELECT COUNT(*) FROM webhook_consumers WHERE tenant_id = @tenant");

    private static readonly SqlStatement InsertConsumer = new(
        $"INSERT INTO webhook_consumers ({ConsumerRow}, failing_since) VALUES (@id, @tenant, @url, @disabled, NULL, @event_types, @company_tags, " +
        "@key_id, @secret, NULL, NULL, NULL, @created, NULL)");

    private static readonly SqlStatement DeleteConsumer = new($"DELETE FROM webhook_consumers WHERE {ThisConsumer}");

    private static readonly SqlStatement RotateSecret = new(
        "UPDATE webhook_consumers SET previous_secret_key_id = secret_key_id, previous_secret = secret, previous_secret_expires = @expires, " +
        $"secret_key_id = @key_id, secret = @secret WHERE {ThisConsumer}");

    private static readonly SqlStatement DisableConsumer = new($"UPDATE webhook_consumers SET disabled = @disabled, disabled_reason = @reason WHERE {ThisConsumer}");

    private static readonly SqlStatement MarkFailing = new(
        $"UPDATE webhook_consumers SET failing_since = COALESCE(failing_since, @now) WHERE {ThisConsumer} RETURNING failing_since");

    private static readonly SqlStatement ClearFailing = new($"UPDATE webhook_consumers SET failing_since = NULL WHERE {ThisConsumer} AND failing_since IS NOT NULL");

    private static readonly SqlStatement InsertEvent = new(
        "INSERT INTO webhook_events (id, tenant_id, event_type, body, generated) VALUES (@id, @tenant, @event_type, @body, @generated) RETURNING seq");

    // Queues and their heads. A delivery may go only while no earlier delivery of its (consumer, company) queue is
    // pending: then it is the queue's head. The head is kept on the row (migration 0010), so a claim reads heads, not
    // the backlog behind them. A delivery stored with no earlier delivery of its queue pending is a head; when a
    // delivery finishes, the queue's oldest pending one becomes the head. So the oldest pending delivery of a queue is
    // always a head, or becomes one when the delivery before it finishes; a later one may be marked too (two changes
    // stored at once), and the claim's check for an earlier pending delivery holds it back.
    // "Earlier" is by event sequence, not by when the row was stored: on PostgreSQL an event can take its sequence
    // number before another that commits first. On PostgreSQL the check also locks the earlier pending row it finds
    // (FOR SHARE), so that a recording that finishes that row later waits for the store's commit and its promotion then
    // sees the new row. Without the lock, a delivery stored while the one before it finished would never be marked and
    // never go. The check passes over rows a recording or a claim holds (SKIP LOCKED) instead of waiting for them: a
    // recording holds its rows until its batch commits, and creates waiting on it queued up until the connection pool
    // ran dry (at 500 creates/s with a consumer, requests timed out and nothing was delivered). A row passed over is
    // finishing or about to be sent; if it was the only earlier one, the new delivery is marked too, which is harmless
    // (the claim still holds it back while an earlier one is pending), and a later row's finisher still waits for this
    // store. Each transaction takes these locks queue by queue in (consumer, company) order, so two cannot wait for each other.
    private const string PendingInQueue =
        "SELECT 1 FROM webhook_deliveries p WHERE p.consumer_id = @consumer AND p.order_key = @order_key AND p.status = 'Pending' AND p.event_seq < @seq";

    private static readonly SharedLockStatement InsertDelivery = new(
        "INSERT INTO webhook_deliveries (id, tenant_id, consumer_id, event_id, event_seq, event_type, order_key, status, attempts, next_attempt, created, head) " +
        $"VALUES (@id, @tenant, @consumer, @event, @seq, @event_type, @order_key, 'Pending', 0, @now, @now, NOT EXISTS ({PendingInQueue}{{0}}))");

    private const string EarlierPending =
        "SELECT 1 FROM webhook_deliveries p WHERE p.consumer_id = d.consumer_id AND p.order_key = d.order_key AND p.status = 'Pending' AND p.event_seq < d.event_seq";

    // Heads that are due. The check for an earlier pending delivery stays: a retried old delivery goes before its
    // queue's later head, and it reads one index entry per head.
    private const string Due =
        "SELECT d.id FROM webhook_deliveries d JOIN webhook_consumers c ON c.id = d.consumer_id " +
        "WHERE d.head AND d.status = 'Pending' AND d.next_attempt <= @now AND (d.claimed_until IS NULL OR d.claimed_until < @now) AND NOT c.disabled " +
        $"AND NOT EXISTS ({EarlierPending}) ORDER BY d.event_seq LIMIT @take";

    private const string OldestPendingInQueue =
        "SELECT p.id FROM webhook_deliveries p WHERE p.consumer_id = @consumer AND p.order_key = @order_key AND p.status = 'Pending' ORDER BY p.event_seq LIMIT 1";

    private static readonly SqlStatement PromoteNext = new($"UPDATE webhook_deliveries SET head = TRUE WHERE id = ({OldestPendingInQueue}) AND NOT head");

    // The same promotion, which also claims the new head for the node that recorded the one before it, when it is due,
    // nobody holds it and its consumer is enabled: the node goes on down the queue without a claim of its own (a
    // queue with a backlog turns over at the speed of its recordings). The head is the oldest pending delivery the
    // recording sees, as for any promotion, so the order is the one every other node would send.
    private const string Chainable =
        "next_attempt <= @now AND (claimed_until IS NULL OR claimed_until < @now) " +
        "AND NOT EXISTS (SELECT 1 FROM webhook_consumers c WHERE c.id = @consumer AND c.disabled)";

    private static readonly SqlStatement PromoteAndClaimNext = new(
        $"UPDATE webhook_deliveries SET head = TRUE, claim_token = CASE WHEN {Chainable} THEN @token ELSE claim_token END, " +
        $"claimed_until = CASE WHEN {Chainable} THEN @lease ELSE claimed_until END WHERE id = ({OldestPendingInQueue}) RETURNING claim_token");

    // A safety net run with the pruning: heads for queues that have pending deliveries and none marked (none are
    // expected; it reads each pending delivery that is not a head once).
    private static readonly SqlStatement RepairHeads = new(
        "UPDATE webhook_deliveries SET head = TRUE WHERE id IN (SELECT d.id FROM webhook_deliveries d WHERE d.status = 'Pending' AND NOT d.head " +
        $"AND NOT EXISTS ({EarlierPending}))");

    // PostgreSQL: nodes skip each other's locked rows instead of waiting; SQLite: the write transaction excludes every other writer.
    private static readonly SqlStatement ClaimLocking = new(
        $"UPDATE webhook_deliveries SET claimed_until = @lease, claim_token = @token WHERE id IN ({Due} FOR UPDATE OF d SKIP LOCKED)");

    private static readonly SqlStatement Claim = new($"UPDATE webhook_deliveries SET claimed_until = @lease, claim_token = @token WHERE id IN ({Due})");

    private static readonly SqlStatement SelectClaimed = new(
        "SELECT d.id, d.tenant_id, d.consumer_id, d.event_id, d.event_type, d.attempts, e.body, c.url, c.secret_key_id, c.secret, " +
        "c.previous_secret_key_id, c.previous_secret, c.previous_secret_expires, d.order_key FROM webhook_deliveries d " +
        "JOIN webhook_events e ON e.id = d.event_id JOIN webhook_consumers c ON c.id = d.consumer_id WHERE d.claim_token = @token ORDER BY d.event_seq");

    private static readonly SqlStatement RecordAttempt = new(
        "UPDATE webhook_deliveries SET status = @status, attempts = attempts + 1, next_attempt = @next, last_attempt = @attempted, " +
        "status_code = @status_code, duration_ms = @duration, error = @error, response_body = @response_body, completed = @completed, " +
        "claimed_until = NULL, claim_token = NULL WHERE id = @id AND tenant_id = @tenant AND claim_token = @token");

    // A retried delivery is a head unless an earlier one of its queue is pending (locked on PostgreSQL, as when storing).
    private static readonly SharedLockStatement Retry = new(
        "UPDATE webhook_deliveries SET status = 'Pending', next_attempt = @now, completed = NULL, head = NOT EXISTS (SELECT 1 FROM webhook_deliveries p " +
        "WHERE p.consumer_id = webhook_deliveries.consumer_id AND p.order_key = webhook_deliveries.order_key AND p.status = 'Pending' " +
        "AND p.event_seq < webhook_deliveries.event_seq{0}) " +
        $"WHERE id = @id AND consumer_id = @consumer AND tenant_id = @tenant RETURNING {DeliveryRow}");

    private static readonly SqlStatement ConsumerExists = new($"SELECT 1 FROM webhook_consumers WHERE {ThisConsumer}");

    private static readonly SqlStatement PruneDeliveries = new("DELETE FROM webhook_deliveries WHERE status <> 'Pending' AND completed < @cutoff");

    private static readonly SqlStatement PruneEvents = new(
        "DELETE FROM webhook_events WHERE generated < @cutoff AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = webhook_events.id)");

    // Key rotation walks a tenant's consumers in id order from a cursor, as it walks connections' credentials.
    private static readonly SqlStatement SelectSealedByOtherKey = new(
        "SELECT id, secret_key_id, secret, previous_secret_key_id, previous_secret FROM webhook_consumers " +
        "WHERE tenant_id = @tenant AND (secret_key_id <> @key_id OR previous_secret_key_id <> @key_id) AND id > @after ORDER BY id LIMIT @take");

    // Only if the secret is still the one read (each sealing has its own nonce): a concurrent rotation keeps its write.
    private static readonly SqlStatement ReplaceSealedSecret = new(
        $"UPDATE webhook_consumers SET secret = @secret, secret_key_id = @key_id WHERE {ThisConsumer} AND secret = @old_secret");

    private static readonly SqlStatement ReplaceSealedPreviousSecret = new(
        $"UPDATE webhook_consumers SET previous_secret = @secret, previous_secret_key_id = @key_id WHERE {ThisConsumer} AND previous_secret = @old_secret");

    private const int MaxPlans = 256;
    private readonly ConcurrentDictionary<(string? Query, string? OrderBy), ListPlan> _plans = new();

    public async Task<List<WebhookConsumerEntity>> ListConsumersAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        return await ReadConsumersAsync(BindTenant(lease.Command(SelectConsumers), tenant), cancellationToken);
    }

    /// <summary>The tenant's consumers that are not disabled, as committed now (outside any write transaction).</summary>
    public async Task<List<WebhookConsumerEntity>> ListEnabledConsumersAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        return await ReadConsumersAsync(BindTenant(lease.Command(SelectEnabledConsumers), tenant), cancellationToken);
    }

    /// <summary>The tenant's consumers that are not disabled, as the transaction sees them: who an event goes to.</summary>
    public async Task<List<WebhookConsumerEntity>> ListEnabledConsumersAsync(IWriteTransaction transaction, TenantId tenant, CancellationToken cancellationToken)
    {
        await using var command = BindTenant(transaction.Command(SelectEnabledConsumers), tenant);
        return await ReadConsumersAsync(command, cancellationToken);
    }

    public async Task<WebhookConsumerEntity?> FindConsumerAsync(TenantId tenant, Guid id, CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        return (await ReadConsumersAsync(BindConsumer(lease.Command(SelectConsumer), tenant, id), cancellationToken)).FirstOrDefault();
    }

    public async Task<bool> ConsumerExistsAsync(TenantId tenant, Guid id, CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        return await BindConsumer(lease.Command(ConsumerExists), tenant, id).RunScalarAsync(cancellationToken) is not null;
    }

    public async Task<int> CountConsumersAsync(IWriteTransaction transaction, TenantId tenant, CancellationToken cancellationToken)
    {
        await using var command = BindTenant(transaction.Command(CountConsumers), tenant);
        return Convert.ToInt32(await command.RunScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task InsertConsumerAsync(IWriteTransaction transaction, WebhookConsumerEntity consumer, CancellationToken cancellationToken)
    {
        await using var command = BindConsumer(transaction.Command(InsertConsumer), new TenantId(consumer.TenantId), consumer.Id)
            .Set("@url", consumer.Url)
            .Set("@disabled", consumer.Disabled)
            .Set("@event_types", JsonColumn.Serialize(consumer.EventTypes, StorageJsonContext.Default.ListString))
            .Set("@company_tags", JsonColumn.Serialize(consumer.CompanyTags, StorageJsonContext.Default.ListString))
            .Set("@key_id", consumer.SecretKeyId)
            .Set("@secret", consumer.Secret)
            .Set("@created", dialect.Time(consumer.Created));
        await command.RunNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes the consumer and its delivery log; false when the tenant has no such consumer.</summary>
    public async Task<bool> DeleteConsumerAsync(IWriteTransaction transaction, TenantId tenant, Guid id, CancellationToken cancellationToken)
    {
        await using var command = BindConsumer(transaction.Command(DeleteConsumer), tenant, id);
        return await command.RunNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Makes <paramref name="secret"/> the signing secret; the current one keeps signing until <paramref name="previousExpires"/>.</summary>
    public async Task<bool> RotateSecretAsync(
        IWriteTransaction transaction, TenantId tenant, Guid id, string keyId, byte[] secret, DateTime previousExpires, CancellationToken cancellationToken)
    {
        await using var command = BindConsumer(transaction.Command(RotateSecret), tenant, id)
            .Set("@key_id", keyId)
            .Set("@secret", secret)
            .Set("@expires", dialect.Time(previousExpires));
        return await command.RunNonQueryAsync(cancellationToken) > 0;
    }

    public async Task DisableConsumerAsync(IWriteTransaction transaction, TenantId tenant, Guid id, string reason, CancellationToken cancellationToken)
    {
        await using var command = BindConsumer(transaction.Command(DisableConsumer), tenant, id).Set("@disabled", true).Set("@reason", reason);
        await command.RunNonQueryAsync(cancellationToken);
    }

    /// <summary>Records that the consumer is failing (from now, unless it already was); returns since when, or null when it is gone.</summary>
    public async Task<DateTime?> MarkFailingAsync(IWriteTransaction transaction, TenantId tenant, Guid id, DateTime now, CancellationToken cancellationToken)
    {
        await using var command = BindConsumer(transaction.Command(MarkFailing), tenant, id).Set("@now", dialect.Time(now));
        await using var reader = await command.RunReaderAsync(cancellationToken);
        return await reader.NextRowAsync(cancellationToken) ? dialect.ReadTime(reader, 0) : null;
    }

    public async Task ClearFailingAsync(IWriteTransaction transaction, TenantId tenant, Guid id, CancellationToken cancellationToken)
    {
        await using var command = BindConsumer(transaction.Command(ClearFailing), tenant, id);
        await command.RunNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Stores an event and one pending delivery of it per consumer, due now, in the caller's transaction. Consumers are
    /// taken in id order: on PostgreSQL each delivery locks its queue's pending row (see <see cref="PendingInQueue"/>).
    /// </summary>
    public async Task InsertEventAsync(
        IWriteTransaction transaction, TenantId tenant, Guid eventId, string eventType, string orderKey, string body, DateTime now,
        IEnumerable<Guid> consumers, Func<Guid> newId, CancellationToken cancellationToken)
    {
        long seq;
        await using (var insert = BindTenant(transaction.Command(InsertEvent), tenant)
            .Set("@id", dialect.Id(eventId)).Set("@event_type", eventType).Set("@body", body).Set("@generated", dialect.Time(now)))
        {
            seq = Convert.ToInt64(await insert.RunScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        foreach (var consumer in consumers.Order())
        {
            await using var command = BindTenant(transaction.Command(InsertDelivery.For(dialect)), tenant)
                .Set("@id", dialect.Id(newId()))
                .Set("@consumer", dialect.Id(consumer))
                .Set("@event", dialect.Id(eventId))
                .Set("@seq", seq)
                .Set("@event_type", eventType)
                .Set("@order_key", orderKey)
                .Set("@now", dialect.Time(now));
            await command.RunNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Claims up to <paramref name="take"/> due deliveries (each the oldest pending one of its consumer and company)
    /// until <paramref name="leaseUntil"/>, marking them with <paramref name="token"/>; another node retries them after that.
    /// </summary>
    public async Task<int> ClaimAsync(IWriteTransaction transaction, string token, DateTime now, DateTime leaseUntil, int take, CancellationToken cancellationToken)
    {
        await using var command = transaction.Command(dialect.LocksRows ? ClaimLocking : Claim)
            .Set("@token", token)
            .Set("@now", dialect.Time(now))
            .Set("@lease", dialect.Time(leaseUntil))
            .Set("@take", (long)take);
        return await command.RunNonQueryAsync(cancellationToken);
    }

    public async Task<List<ClaimedDelivery>> ReadClaimedAsync(string token, CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        await using var reader = await lease.Command(SelectClaimed).Set("@token", token).RunReaderAsync(cancellationToken);
        var claimed = new List<ClaimedDelivery>();
        while (await reader.NextRowAsync(cancellationToken))
        {
            claimed.Add(new ClaimedDelivery(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetGuid(3), reader.GetString(4), reader.GetInt32(5),
                reader.GetString(6), reader.GetString(7), reader.GetString(8), (byte[])reader.GetValue(9),
                reader.IsDBNull(10) ? null : reader.GetString(10), reader.IsDBNull(11) ? null : (byte[])reader.GetValue(11),
                dialect.ReadNullableTime(reader, 12), reader.GetString(13)));
        }

        return claimed;
    }

    /// <summary>
    /// Records an attempt of a claimed delivery: <see cref="RecordResult.Lost"/> when the claim was lost (its lease ran
    /// out and another node took it). When the attempt finished the delivery, the queue's next one becomes its head;
    /// with <paramref name="chain"/>, that one is also claimed under the chain's token when it can go now
    /// (<see cref="RecordResult.Chained"/>).
    /// </summary>
    public async Task<RecordResult> RecordAttemptAsync(
        IWriteTransaction transaction, ClaimedDelivery delivery, string token, DeliveryOutcome outcome, ChainClaim? chain, CancellationToken cancellationToken)
    {
        await using var command = BindTenant(transaction.Command(RecordAttempt), new TenantId(delivery.TenantId))
            .Set("@id", dialect.Id(delivery.Id))
            .Set("@token", token)
            .Set("@status", outcome.Status.ToString())
            .Set("@next", dialect.Time(outcome.NextAttempt))
            .Set("@attempted", dialect.Time(outcome.Attempted))
            .Set("@status_code", outcome.StatusCode)
            .Set("@duration", outcome.DurationMs)
            .Set("@error", outcome.Error)
            .Set("@response_body", outcome.ResponseBody)
            .Set("@completed", outcome.Status == WebhookDeliveryStatus.Pending ? DBNull.Value : dialect.Time(outcome.Ended));
        if (await command.RunNonQueryAsync(cancellationToken) != 1)
        {
            return RecordResult.Lost;
        }

        if (outcome.Status == WebhookDeliveryStatus.Pending)
        {
            return RecordResult.Recorded;
        }

        // Finished: the queue's next pending delivery (if any) is its head now.
        if (chain is null)
        {
            await using var promote = transaction.Command(PromoteNext)
                .Set("@consumer", dialect.Id(delivery.ConsumerId))
                .Set("@order_key", delivery.OrderKey);
            await promote.RunNonQueryAsync(cancellationToken);
            return RecordResult.Recorded;
        }

        await using var claim = transaction.Command(PromoteAndClaimNext)
            .Set("@consumer", dialect.Id(delivery.ConsumerId))
            .Set("@order_key", delivery.OrderKey)
            .Set("@token", chain.Token)
            .Set("@now", dialect.Time(chain.Now))
            .Set("@lease", dialect.Time(chain.LeaseUntil));
        return await claim.RunScalarAsync(cancellationToken) is string claimedBy && claimedBy == chain.Token ? RecordResult.Chained : RecordResult.Recorded;
    }

    /// <summary>Makes a delivery due now again (whatever happened to it); null when the consumer has no such delivery.</summary>
    public async Task<WebhookDeliveryEntity?> RetryAsync(
        IWriteTransaction transaction, TenantId tenant, Guid consumer, Guid delivery, DateTime now, CancellationToken cancellationToken)
    {
        await using var command = BindTenant(transaction.Command(Retry.For(dialect)), tenant)
            .Set("@consumer", dialect.Id(consumer)).Set("@id", dialect.Id(delivery)).Set("@now", dialect.Time(now));
        await using var reader = await command.RunReaderAsync(cancellationToken);
        return await reader.NextRowAsync(cancellationToken) ? ReadDelivery(reader) : null;
    }

    /// <summary>Deletes finished deliveries older than <paramref name="cutoff"/>, then events no delivery needs; marks any headless queue's head.</summary>
    public async Task PruneAsync(IWriteTransaction transaction, DateTime cutoff, CancellationToken cancellationToken)
    {
        await using (var deliveries = transaction.Command(PruneDeliveries).Set("@cutoff", dialect.Time(cutoff)))
        {
            await deliveries.RunNonQueryAsync(cancellationToken);
        }

        await using (var events = transaction.Command(PruneEvents).Set("@cutoff", dialect.Time(cutoff)))
        {
            await events.RunNonQueryAsync(cancellationToken);
        }

        await using var repair = transaction.Command(RepairHeads);
        await repair.RunNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Up to <paramref name="take"/> of the tenant's consumers with a signing secret sealed under a key other than
    /// <paramref name="currentKeyId"/>, after the consumer <paramref name="after"/> in id order.
    /// </summary>
    public async Task<List<SealedSecretRow>> FindSealedByOtherKeyAsync(TenantId tenant, string currentKeyId, Guid? after, int take, CancellationToken cancellationToken)
    {
        await using var lease = await reads.RentAsync(cancellationToken);
        var command = BindTenant(lease.Command(SelectSealedByOtherKey), tenant)
            .Set("@key_id", currentKeyId)
            .Set("@after", dialect.Id(after ?? Guid.Empty))
            .Set("@take", (long)take);
        var rows = new List<SealedSecretRow>();
        await using var reader = await command.RunReaderAsync(cancellationToken);
        while (await reader.NextRowAsync(cancellationToken))
        {
            rows.Add(new SealedSecretRow(
                tenant, reader.GetGuid(0), reader.GetString(1), (byte[])reader.GetValue(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : (byte[])reader.GetValue(4)));
        }

        return rows;
    }

    /// <summary>
    /// Replaces a consumer's current (or, with <paramref name="previous"/>, previous) sealed secret if it is still
    /// <paramref name="read"/>; false otherwise.
    /// </summary>
    public async Task<bool> ReplaceSealedSecretAsync(
        IWriteTransaction transaction, TenantId tenant, Guid consumer, bool previous, byte[] read, byte[] ciphertext, string keyId, CancellationToken cancellationToken)
    {
        await using var command = BindConsumer(transaction.Command(previous ? ReplaceSealedPreviousSecret : ReplaceSealedSecret), tenant, consumer)
            .Set("@secret", ciphertext)
            .Set("@key_id", keyId)
            .Set("@old_secret", read);
        return await command.RunNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>A page of a consumer's deliveries, filtered and ordered by the query language. A bad query or orderBy throws its 400.</summary>
    public async Task<(List<WebhookDeliveryEntity> Rows, int Total)> ListDeliveriesAsync(
        TenantId tenant, Guid consumer, PageRequest request, CancellationToken cancellationToken)
    {
        var plan = PlanFor(request);
        var rows = new List<WebhookDeliveryEntity>();
        var skip = Pager.Skip(request);
        await using var lease = await reads.RentAsync(cancellationToken);
        if (skip <= int.MaxValue)
        {
            var select = BindTenant(lease.Command(plan.Page), tenant).Set("@consumer", dialect.Id(consumer))
                .Set("@take", (long)request.PageSize).Set("@skip", skip).Set(plan.Values);
            await using var reader = await select.RunReaderAsync(cancellationToken);
            while (await reader.NextRowAsync(cancellationToken))
            {
                rows.Add(ReadDelivery(reader));
            }
        }

        var total = Pager.HoldsAll(request, rows.Count)
            ? rows.Count
            : Convert.ToInt32(
                await BindTenant(lease.Command(plan.Count), tenant).Set("@consumer", dialect.Id(consumer)).Set(plan.Values).RunScalarAsync(cancellationToken),
                CultureInfo.InvariantCulture);
        return (rows, total);
    }

    private ListPlan PlanFor(PageRequest request)
    {
        var key = (request.Query, request.OrderBy);
        if (_plans.TryGetValue(key, out var plan))
        {
            return plan;
        }

        var (bound, sortKeys) = Pager.Bind(request, WebhookDeliveryQuerySchema.Instance);
        var writer = new SqlQueryWriter(dialect);
        var filter = bound is null ? null : writer.WriteFilter(bound);
        var where = "tenant_id = @tenant AND consumer_id = @consumer" + (filter is null ? "" : " AND " + filter);
        plan = new ListPlan(
            new SqlStatement($"SELECT {DeliveryRow} FROM webhook_deliveries WHERE {where} ORDER BY {SqlQueryWriter.WriteOrder(sortKeys)} LIMIT @take OFFSET @skip"),
            new SqlStatement($"SELECT COUNT(*) FROM webhook_deliveries WHERE {where}"),
            [.. writer.ParameterNames.Zip(writer.Values, (name, value) => (name, value))]);
        if (_plans.Count >= MaxPlans)
        {
            _plans.Clear();
        }

        return _plans.GetOrAdd(key, plan);
    }

    private async Task<List<WebhookConsumerEntity>> ReadConsumersAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.RunReaderAsync(cancellationToken);
        var consumers = new List<WebhookConsumerEntity>();
        while (await reader.NextRowAsync(cancellationToken))
        {
            consumers.Add(new WebhookConsumerEntity
            {
                Id = reader.GetGuid(0),
                TenantId = reader.GetGuid(1),
                Url = reader.GetString(2),
                Disabled = reader.GetBoolean(3),
                DisabledReason = reader.IsDBNull(4) ? null : reader.GetString(4),
                EventTypes = JsonColumn.Deserialize(reader.GetString(5), StorageJsonContext.Default.ListString),
                CompanyTags = JsonColumn.Deserialize(reader.GetString(6), StorageJsonContext.Default.ListString),
                SecretKeyId = reader.GetString(7),
                Secret = (byte[])reader.GetValue(8),
                PreviousSecretKeyId = reader.IsDBNull(9) ? null : reader.GetString(9),
                PreviousSecret = reader.IsDBNull(10) ? null : (byte[])reader.GetValue(10),
                PreviousSecretExpires = dialect.ReadNullableTime(reader, 11),
                Created = dialect.ReadTime(reader, 12),
            });
        }

        return consumers;
    }

    private WebhookDeliveryEntity ReadDelivery(DbDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        ConsumerId = reader.GetGuid(1),
        EventId = reader.GetGuid(2),
        EventType = reader.GetString(3),
        Status = Enum.Parse<WebhookDeliveryStatus>(reader.GetString(4)),
        Attempts = reader.GetInt32(5),
        NextAttempt = dialect.ReadNullableTime(reader, 6),
        LastAttempt = dialect.ReadNullableTime(reader, 7),
        StatusCode = reader.IsDBNull(8) ? null : reader.GetInt32(8),
        DurationMs = reader.IsDBNull(9) ? null : reader.GetInt64(9),
        Error = reader.IsDBNull(10) ? null : reader.GetString(10),
        ResponseBody = reader.IsDBNull(11) ? null : reader.GetString(11),
        Created = dialect.ReadTime(reader, 12),
        Completed = dialect.ReadNullableTime(reader, 13),
    };

    private DbCommand BindTenant(DbCommand command, TenantId tenant) => command.Set("@tenant", dialect.Id(tenant.Value));

    private DbCommand BindConsumer(DbCommand command, TenantId tenant, Guid id) => BindTenant(command, tenant).Set("@id", dialect.Id(id));

    private sealed record ListPlan(SqlStatement Page, SqlStatement Count, (string Name, object? Value)[] Values);

    /// <summary>
    /// A statement whose check for an earlier pending delivery (<c>{0}</c> in its text) locks the row it finds on
    /// PostgreSQL, passing over rows others hold (<c>FOR SHARE SKIP LOCKED</c>, see <see cref="PendingInQueue"/>), and
    /// needs no lock on SQLite, where the write transaction excludes every other writer.
    /// </summary>
    private sealed class SharedLockStatement(string text)
    {
        private readonly SqlStatement _locking = new(string.Format(CultureInfo.InvariantCulture, text, " FOR SHARE SKIP LOCKED"));
        private readonly SqlStatement _plain = new(string.Format(CultureInfo.InvariantCulture, text, ""));

        public SqlStatement For(SqlDialect dialect) => dialect.LocksRows ? _locking : _plain;
    }
}
