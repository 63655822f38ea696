using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Common;
using Switchboard.Server.Concurrency;
using Switchboard.Server.Connections;
using Switchboard.Server.Errors;
using Switchboard.Server.Persistence;
using Switchboard.Server.Tenancy;
using Switchboard.Server.Webhooks;

namespace Switchboard.Server.Companies;

internal sealed class CompanyService(SwitchboardDbContext db, ConnectionStore connections, WebhookOutbox events, WriteGate writeGate, TimeProvider time)
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxTags = 10;
    public const int MaxTagKeyLength = 27;
    public const int MaxTagValueLength = 100;

    public const string NotFoundMessage = "Company not found: no company with this id exists.";

    public IQueryable<CompanyEntity> All => db.Companies.Include(c => c.Tags);

    public async Task<(CompanyEntity Company, List<ConnectionEntity> Connections)> GetWithConnectionsAsync(Guid companyId, CancellationToken cancellationToken)
    {
        var company = await All.FirstOrDefaultAsync(c => c.Id == companyId, cancellationToken)
            ?? throw ApiException.NotFound(NotFoundMessage);
        return (company, await connections.ListOfCompanyAsync(new TenantId(db.TenantId), new CompanyId(companyId), cancellationToken));
    }

    public async Task<CompanyEntity> CreateAsync(CompanyBody body, CancellationToken cancellationToken)
    {
        var now = time.UtcNow();
        var company = new CompanyEntity
        {
            Id = SequentialIds.Next(time),
            TenantId = db.TenantId,
            Name = ValidName(body.Name),
            Description = ValidDescription(body.Description),
            Tags = [.. ValidTags(body.Tags).Select(t => new CompanyTag { Key = t.Key, Value = t.Value })],
            Created = now,
            Modified = now,
            Version = 1,
        };
        db.Companies.Add(company);
        // Read before the write turn (see WebhookOutbox.SubscribersBeforeAsync).
        var subscribers = await events.SubscribersBeforeAsync(new TenantId(db.TenantId), cancellationToken);
        await using var work = await UnitOfWork.BeginAsync(db, writeGate, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await events.CompanyEventAsync(work, subscribers, WebhookEventTypes.CompanyCreated, company, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return company;
    }

    /// <summary>PUT replaces every field (absent ones are cleared); PATCH changes only the fields given.</summary>
    public async Task<CompanyEntity> UpdateAsync(
        Guid companyId, CompanyBody body, bool replace, IReadOnlyList<long>? ifMatch, CancellationToken cancellationToken)
    {
        var name = replace || body.Name is not null ? ValidName(body.Name) : null;
        var description = ValidDescription(body.Description);
        var tags = body.Tags is null ? null : ValidTags(body.Tags);
        await using var work = await UnitOfWork.BeginAsync(db, writeGate, cancellationToken);
        await db.LockCompanyAsync(companyId, cancellationToken);
        var company = await All.AsTracking().FirstOrDefaultAsync(c => c.Id == companyId, cancellationToken)
            ?? throw ApiException.NotFound(NotFoundMessage);
        if (ifMatch is not null && !ifMatch.Contains(company.Version))
        {
            throw EntityTags.Mismatch();
        }

        company.Name = name ?? company.Name;
        company.Description = replace ? description : description ?? company.Description;
        if (replace || tags is not null)
        {
            ReplaceTags(company, tags ?? []);
        }

        company.Modified = time.UtcNow();
        company.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another request changed or deleted the company between our read and write (Version is the token).
            db.ChangeTracker.Clear();
            if (!await db.Companies.AnyAsync(c => c.Id == companyId, cancellationToken))
            {
                throw ApiException.NotFound(NotFoundMessage);
            }

            throw ifMatch is null
                ? ApiException.Conflict("The company was changed by another request at the same time; read it again and retry.")
                : EntityTags.Mismatch();
        }

        await work.CommitAsync(cancellationToken);
        return company;
    }

    /// <summary>
    /// Deletes the company; the database cascades the delete to its connections and their credentials. The unit
    /// writes <c>connection.deleted</c> for each of its connections, then <c>company.deleted</c>, so they commit with the delete.
    /// </summary>
    public async Task DeleteAsync(Guid companyId, IReadOnlyList<long>? ifMatch, CancellationToken cancellationToken)
    {
        var query = db.Companies.Where(c => c.Id == companyId);
        if (ifMatch is not null)
        {
            query = query.Where(c => ifMatch.Contains(c.Version));
        }

        var tenant = new TenantId(db.TenantId);
        await using var work = await UnitOfWork.BeginAsync(db, writeGate, cancellationToken);
        var subscribers = await events.SubscribersAsync(work, tenant, cancellationToken);
        CompanyEntity? before = null;
        List<ConnectionEntity> connectionsBefore = [];
        var connectionsWanted = WebhookOutbox.AnyWants(subscribers, WebhookEventTypes.ConnectionDeleted);
        if (connectionsWanted || WebhookOutbox.AnyWants(subscribers, WebhookEventTypes.CompanyDeleted))
        {
            // The events show the company and its connections as they were: lock them (the company first, as every
            // change does), so what is read is what is deleted; a connection created meanwhile waits and finds no company.
            await db.LockCompanyAsync(companyId, cancellationToken);
            before = await All.FirstOrDefaultAsync(c => c.Id == companyId, cancellationToken);
            if (before is not null && connectionsWanted)
            {
                connectionsBefore = await connections.ListOfCompanyAsync(work, tenant, new CompanyId(companyId), cancellationToken);
            }
        }

        var deleted = await query.ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            throw await db.Companies.AnyAsync(c => c.Id == companyId, cancellationToken)
                ? EntityTags.Mismatch()
                : ApiException.NotFound(NotFoundMessage);
        }

        if (before is not null)
        {
            foreach (var connection in connectionsBefore)
            {
                await events.ConnectionEventAsync(work, subscribers, WebhookEventTypes.ConnectionDeleted, before, connection, cancellationToken);
            }

            await events.CompanyEventAsync(work, subscribers, WebhookEventTypes.CompanyDeleted, before, cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
    }

    /// <summary>Updates tags in place: changing a value, removing and adding rows, never re-adding a tracked key.</summary>
    private static void ReplaceTags(CompanyEntity company, Dictionary<string, string> tags)
    {
        company.Tags.RemoveAll(t => !tags.ContainsKey(t.Key));
        foreach (var (key, value) in tags)
        {
            if (company.Tags.Find(t => t.Key == key) is { } existing)
            {
                existing.Value = value;
            }
            else
            {
                company.Tags.Add(new CompanyTag { CompanyId = company.Id, Key = key, Value = value });
            }
        }
    }

    private static string ValidName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw ApiException.InvalidField("name", "name is required and must contain at least one non-space character.");
        }

        return name.Length <= MaxNameLength
            ? name
            : throw ApiException.InvalidField("name", $"name must be at most {MaxNameLength} characters (got {name.Length}).");
    }

    private static string? ValidDescription(string? description) =>
        description is { Length: > MaxDescriptionLength }
            ? throw ApiException.InvalidField("description", $"description must be at most {MaxDescriptionLength} characters (got {description.Length}).")
            : description;

    private static Dictionary<string, string> ValidTags(Dictionary<string, string>? tags)
    {
        if (tags is null)
        {
            return [];
        }

        if (tags.Count > MaxTags)
        {
            throw ApiException.InvalidField("tags", $"A company has at most {MaxTags} tags (got {tags.Count}).");
        }

        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > MaxTagKeyLength)
            {
                var shown = Echo.Shorten(key);
                throw ApiException.InvalidField("tags", $"Tag name '{shown}' is {key.Length} characters long; tag names must be 1 to {MaxTagKeyLength} characters long.");
            }

            if (value is null || value.Length > MaxTagValueLength)
            {
                throw ApiException.InvalidField($"tags.{key}", $"The value of tag '{key}' must be a string of at most {MaxTagValueLength} characters.");
            }
        }

        return new Dictionary<string, string>(tags, StringComparer.Ordinal);
    }
}
