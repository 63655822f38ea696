using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Common;
using Switchboard.Server.Companies;
using Switchboard.Server.Connections;
using Switchboard.Server.Json;
using Switchboard.Server.Persistence;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Webhooks;

/// <summary>
/// Writes events into the outbox, in the unit of work of the change that causes them: the event and its deliveries
/// commit with the change or not at all. An event is stored only when some consumer wants it (by event type and
/// company tags); then a delivery per such consumer. A company's events (its own and its connections') are delivered
/// to each consumer one at a time, in the order of their sequence numbers: changes to one connection (or company) are
/// serialized by its row, so their events are numbered, and arrive, in the order the changes were made.
/// </summary>
internal sealed class WebhookOutbox(WebhookStore store, PublicUrls urls, WebhookCommitInterceptor commits, TimeProvider time)
{
    /// <summary>The tenant's consumers that are not disabled: read once per change, before deciding whether an event is needed.</summary>
    public Task<List<WebhookConsumerEntity>> SubscribersAsync(UnitOfWork work, TenantId tenant, CancellationToken cancellationToken) =>
        store.ListEnabledConsumersAsync(work, tenant, cancellationToken);

    /// <summary>
    /// The tenant's enabled consumers, read before a create's unit of work begins, with what its event needs
    /// (<see cref="CompanyForEventAsync"/>): on SQLite the unit holds the one write turn, and these reads need not. A
    /// consumer whose creation was answered before the change was asked for is always seen; one created at the same
    /// moment as the change may or may not get its event, as with any two concurrent requests.
    /// </summary>
    public Task<List<WebhookConsumerEntity>> SubscribersBeforeAsync(TenantId tenant, CancellationToken cancellationToken) =>
        store.ListEnabledConsumersAsync(tenant, cancellationToken);

    /// <summary>
    /// The company (with its tags) a connection event of <paramref name="eventType"/> would carry, read before the unit
    /// of work; null when no subscriber wants the event or the company is not found (the unit then reads it, if needed).
    /// </summary>
    public async Task<CompanyEntity?> CompanyForEventAsync(
        SwitchboardDbContext db, IReadOnlyList<WebhookConsumerEntity> subscribers, string eventType, Guid tenant, Guid company, CancellationToken cancellationToken) =>
        AnyWants(subscribers, eventType) ? await CompanyWithTags(db, tenant, company, cancellationToken) : null;

    /// <summary>Whether any of <paramref name="subscribers"/> wants events of <paramref name="eventType"/> (before company tags are considered).</summary>
    public static bool AnyWants(IReadOnlyList<WebhookConsumerEntity> subscribers, string eventType) =>
        subscribers.Any(s => s.EventTypes.Count == 0 || s.EventTypes.Contains(eventType, StringComparer.Ordinal));

    /// <summary>A connection event, the connection as <paramref name="connection"/> shows it (its <c>GET</c> JSON at this moment).</summary>
    public Task ConnectionEventAsync(
        UnitOfWork work, IReadOnlyList<WebhookConsumerEntity> subscribers, string eventType, ConnectionEntity connection, CancellationToken cancellationToken) =>
        ConnectionEventAsync(work, subscribers, eventType, company: null, connection, cancellationToken);

    /// <summary>
    /// A connection event carrying <paramref name="company"/> as read before the unit (with its tags): a create reads it
    /// before taking the write turn, and a change that deletes the company in the same unit can no longer read it after.
    /// When null, the company is read in the unit.
    /// </summary>
    public async Task ConnectionEventAsync(
        UnitOfWork work, IReadOnlyList<WebhookConsumerEntity> subscribers, string eventType, CompanyEntity? company, ConnectionEntity connection,
        CancellationToken cancellationToken)
    {
        if (!AnyWants(subscribers, eventType))
        {
            return;
        }

        company ??= await CompanyWithTags(work.Db, connection.TenantId, connection.CompanyId, cancellationToken);
        if (company is null)
        {
            return;
        }

        var tags = Tags(company);
        var reference = new CompanyReference(company.Id, company.Name, company.Description, tags.Count == 0 ? null : tags);
        await WriteAsync(work, subscribers, eventType, company, (id, now) => JsonSerializer.Serialize(
            new ConnectionWebhook(id, eventType, now, new ConnectionWebhookPayload(reference, connection.ToConnection(urls))),
            WireJson.Context.ConnectionWebhook), cancellationToken);
    }

    /// <summary>A connection event, reading the tenant's consumers first (for callers that have not).</summary>
    public async Task ConnectionEventAsync(UnitOfWork work, string eventType, ConnectionEntity connection, CancellationToken cancellationToken) =>
        await ConnectionEventAsync(work, await SubscribersAsync(work, new TenantId(connection.TenantId), cancellationToken), eventType, connection, cancellationToken);

    /// <summary>
    /// <c>connection.failed</c>: a Link attempt for <paramref name="connection"/> failed. Call it in the unit of work
    /// that records the failure (the Link flow), so the event commits with it.
    /// </summary>
    public Task ConnectionFailedAsync(UnitOfWork work, ConnectionEntity connection, CancellationToken cancellationToken) =>
        ConnectionEventAsync(work, WebhookEventTypes.ConnectionFailed, connection, cancellationToken);

    /// <summary>A company event; <paramref name="company"/> must have its tags loaded.</summary>
    public Task CompanyEventAsync(
        UnitOfWork work, IReadOnlyList<WebhookConsumerEntity> subscribers, string eventType, CompanyEntity company, CancellationToken cancellationToken) =>
        WriteAsync(work, subscribers, eventType, company, (id, now) =>
            JsonSerializer.Serialize(new CompanyWebhook(id, eventType, now, company.ToCompany(urls)), WireJson.Context.CompanyWebhook), cancellationToken);

    /// <summary>Stores the event (its body made by <paramref name="body"/> from its id and time) for the subscribers that want it, if any.</summary>
    private async Task WriteAsync(
        UnitOfWork work, IReadOnlyList<WebhookConsumerEntity> subscribers, string eventType, CompanyEntity company, Func<Guid, DateTime, string> body,
        CancellationToken cancellationToken)
    {
        var tags = Tags(company);
        var recipients = subscribers.Where(s => s.Wants(eventType, tags)).Select(s => s.Id).ToList();
        if (recipients.Count == 0)
        {
            return;
        }

        var now = time.UtcNow();
        var id = SequentialIds.Next(time);
        await store.InsertEventAsync(
            work, new TenantId(company.TenantId), id, eventType, company.Id.ToString("D"), body(id, now), now, recipients, () => SequentialIds.Next(time), cancellationToken);
        commits.EventsWritten(work.Db);
    }

    // Compiled once: every connection event reads its company, and a LINQ query is re-examined on each run. Untracked:
    // the event only serializes it, and the context may already track that company (a change to it in the same unit).
    private static readonly Func<SwitchboardDbContext, Guid, Guid, CancellationToken, Task<CompanyEntity?>> CompanyWithTags =
        EF.CompileAsyncQuery((SwitchboardDbContext db, Guid tenant, Guid company, CancellationToken _) =>
            db.Companies.IgnoreQueryFilters().AsNoTracking().Include(c => c.Tags).FirstOrDefault(c => c.Id == company && c.TenantId == tenant));

    private static Dictionary<string, string> Tags(CompanyEntity company) =>
        company.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
}
