using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Switchboard.Server.Common;
using Switchboard.Server.Configuration;
using Switchboard.Server.Errors;
using Switchboard.Server.Persistence;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on POST and PATCH: the first request claims the key in the database and runs; a repeat
/// with the same body gets the first response replayed without acting again; a different body is a 422; a repeat
/// while the first still runs waits briefly for it, then answers 409. Server errors and 429s are not kept, so
/// those can be retried with the same key.
/// </summary>
internal sealed class IdempotencyMiddleware(RequestDelegate next, IOptions<SwitchboardOptions> options, TimeProvider time)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public async Task InvokeAsync(HttpContext context, CurrentTenant tenant, IDbContextFactory<SwitchboardDbContext> databases, WriteGate writeGate)
    {
        var request = context.Request;
        if (!(HttpMethods.IsPost(request.Method) || HttpMethods.IsPatch(request.Method)) ||
            !request.Headers.TryGetValue(HeaderName, out var header) || tenant.Id == Guid.Empty)
        {
            await next(context);
            return;
        }

        if (!Guid.TryParse(header.ToString(), out var key))
        {
            throw ApiException.InvalidField(HeaderName, $"{HeaderName} must be a GUID, such as {Guid.Empty.ToString().Replace('0', 'a')}.");
        }

        var hash = await HashRequestAsync(request, context.RequestAborted);
        await using var db = await databases.CreateDbContextAsync(context.RequestAborted);
        db.TenantId = tenant.Id;
        var settings = options.Value.Idempotency;
        var waitUntil = time.GetUtcNow() + settings.WaitForRunning;
        var failedClaims = 0;
        while (true)
        {
            // Look first, so the common cases (new key, replay) do not raise and log a constraint violation;
            // the insert's primary key still decides a race between two first requests.
            var existing = await db.IdempotencyRecords.FirstOrDefaultAsync(r => r.IdempotencyKey == key, context.RequestAborted);
            if (existing is null)
            {
                var claim = new IdempotencyRecord { TenantId = tenant.Id, IdempotencyKey = key, RequestHash = hash, Created = time.UtcNow() };
                db.IdempotencyRecords.Add(claim);
                try
                {
                    using var turn = await writeGate.EnterAsync(context.RequestAborted);
                    await db.SaveChangesAsync(context.RequestAborted);
                }
                catch (DbUpdateException) when (++failedClaims < 5)
                {
                    db.ChangeTracker.Clear();
                    continue; // Another request claimed the key first.
                }

                await RunAndRecordAsync(context, db, writeGate, claim);
                return;
            }

            if (existing.Created < time.UtcNow() - settings.Retention)
            {
                using (await writeGate.EnterAsync(context.RequestAborted))
                {
                    await db.IdempotencyRecords.Where(r => r.IdempotencyKey == key && r.Created == existing.Created).ExecuteDeleteAsync(context.RequestAborted);
                }

                continue;
            }

            if (existing.RequestHash != hash)
            {
                throw new ApiException(StatusCodes.Status422UnprocessableEntity,
                    $"This {HeaderName} was already used with a different request (method, path or body). Use a new key for a new request.");
            }

            if (existing.Completed)
            {
                await ReplayAsync(context, existing);
                return;
            }

            if (time.GetUtcNow() >= waitUntil)
            {
                throw ApiException.Conflict($"A request with this {HeaderName} is still being processed. Retry later to get its response.");
            }

            await Task.Delay(PollInterval, time, context.RequestAborted);
        }
    }

    private async Task RunAndRecordAsync(HttpContext context, SwitchboardDbContext db, WriteGate writeGate, IdempotencyRecord claim)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            try
            {
                await next(context);
            }
            catch (ApiException error) when (error.StatusCode < 500)
            {
                // Client errors are answers too: keep them, so a retry gets the same one.
                if (error.RetryAfterSeconds is { } retryAfter)
                {
                    context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await ErrorResponses.WriteAsync(context, error.StatusCode, error.Message, error.ValidationErrors);
            }
        }
        catch
        {
            context.Response.Body = original;
            await ReleaseAsync(db, writeGate, claim);
            throw;
        }

        context.Response.Body = original;
        var status = context.Response.StatusCode;
        if (status == StatusCodes.Status429TooManyRequests || status >= 500)
        {
            await ReleaseAsync(db, writeGate, claim);
        }
        else
        {
            claim.Completed = true;
            claim.StatusCode = status;
            claim.ContentType = context.Response.ContentType;
            claim.EntityTag = context.Response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null;
            claim.ResponseBody = buffer.ToArray();
            using var turn = await writeGate.EnterAsync(CancellationToken.None);
            await db.SaveChangesAsync(CancellationToken.None);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private static async Task ReleaseAsync(SwitchboardDbContext db, WriteGate writeGate, IdempotencyRecord claim)
    {
        db.ChangeTracker.Clear();
        using var turn = await writeGate.EnterAsync(CancellationToken.None);
        await db.IdempotencyRecords.Where(r => r.IdempotencyKey == claim.IdempotencyKey).ExecuteDeleteAsync(CancellationToken.None);
    }

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord record)
    {
        var response = context.Response;
        response.StatusCode = record.StatusCode ?? StatusCodes.Status200OK;
        if (record.ContentType is not null)
        {
            response.ContentType = record.ContentType;
        }

        if (record.EntityTag is not null)
        {
            response.Headers.ETag = record.EntityTag;
        }

        response.Headers[ReplayedHeaderName] = "true";
        if (record.ResponseBody is { Length: > 0 } body)
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    /// <summary>What makes two requests "the same": method, path and the exact body bytes.</summary>
    private static async Task<string> HashRequestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
