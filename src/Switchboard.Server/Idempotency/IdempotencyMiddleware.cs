using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchboard.Server.Common;
using Switchboard.Server.Configuration;
using Switchboard.Server.Errors;
using Switchboard.Server.Json;
using Switchboard.Server.Persistence;
using Switchboard.Server.Telemetry;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on POST and PATCH. The request runs in one transaction that claims the key, makes the
/// change and records the answer, so they commit together or not at all: a crash at any moment leaves either the
/// finished answer or no trace, and a retry then replays it or simply acts. A repeat with the same body gets the
/// first answer replayed without acting again; a different body is a 422; a repeat that arrives while the first
/// runs waits for its commit (another node's claim is invisible until then, and the database makes the repeat wait
/// on the key), or answers 409 once <c>WaitForRunning</c> has passed. Server errors are rolled back, not kept. A success of
/// an endpoint marked <see cref="SecretResponse"/> is kept only as a 409 naming what it created, never with its secret.
/// </summary>
internal sealed class IdempotencyMiddleware(
    RequestDelegate next, IOptions<SwitchboardOptions> options, WriteGate writeGate, TimeProvider time, SwitchboardMetrics metrics)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        return (HttpMethods.IsPost(request.Method) || HttpMethods.IsPatch(request.Method)) && request.Headers.TryGetValue(HeaderName, out var header)
            && context.GetEndpoint()?.Metadata.GetMetadata<SafeToRepeat>() is null
            ? InvokeOnceAsync(context, header.ToString())
            : next(context);
    }

    private async Task InvokeOnceAsync(HttpContext context, string header)
    {
        var request = context.Request;
        var tenant = context.RequestServices.GetRequiredService<CurrentTenant>();
        if (tenant.Id == Guid.Empty)
        {
            await next(context);
            return;
        }

        if (!Guid.TryParse(header, out var key))
        {
            throw ApiException.InvalidField(HeaderName, $"{HeaderName} must be a GUID, such as {Guid.Empty.ToString().Replace('0', 'a')}.");
        }

        var hash = await HashRequestAsync(request, context.RequestAborted);
        var db = context.RequestServices.GetRequiredService<SwitchboardDbContext>();
        var settings = options.Value.Idempotency;
        var waitUntil = time.GetUtcNow() + settings.WaitForRunning;
        var lostClaims = 0;
        while (true)
        {
            // This request's writes all happen inside the turn and transaction taken here.
            using (await writeGate.EnterAsync(context.RequestAborted))
            using (writeGate.Hold())
            await using (var transaction = await db.Database.BeginTransactionAsync(context.RequestAborted))
            {
                var existing = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.IdempotencyKey == key, context.RequestAborted);
                if (existing is not null && existing.Created < time.UtcNow() - settings.Retention)
                {
                    await db.IdempotencyRecords.Where(r => r.IdempotencyKey == key).ExecuteDeleteAsync(context.RequestAborted);
                    existing = null;
                }

                if (existing is not null)
                {
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
                }
                else
                {
                    db.IdempotencyRecords.Add(new IdempotencyRecord { TenantId = tenant.Id, IdempotencyKey = key, RequestHash = hash, Created = time.UtcNow() });
                    try
                    {
                        await db.SaveChangesAsync(context.RequestAborted);
                    }
                    catch (DbUpdateException) when (++lostClaims < 5)
                    {
                        // Another request (on another node) claimed the key and committed first: read its answer.
                        db.ChangeTracker.Clear();
                        continue;
                    }

                    db.ChangeTracker.Clear();
                    byte[] answer;
                    try
                    {
                        bool keep;
                        (answer, keep) = await RunAndRecordAsync(context, db, key);
                        if (keep)
                        {
                            // Commit before answering: an answer the client sees is always one a retry will replay.
                            await transaction.CommitAsync(CancellationToken.None);
                        }
                    }
                    catch (InvalidOperationException exception) when (db.Database.GetDbConnection().State != System.Data.ConnectionState.Open)
                    {
                        // The driver completed the transaction because its connection broke (a failover): recording the
                        // answer finds it "already completed". Nothing was committed, the change included, so the
                        // request can be retried with its key.
                        throw new DatabaseUnavailableException("The database connection was lost during the request.", exception);
                    }

                    await context.Response.Body.WriteAsync(answer, context.RequestAborted);
                    return;
                }
            }

            // An unfinished claim is visible only if it was committed without its answer, which this version
            // never does; treat it as running, as the specification says, until it is cleared or expires.
            if (time.GetUtcNow() >= waitUntil)
            {
                throw ApiException.Conflict($"A request with this {HeaderName} is still being processed. Retry later to get its response.");
            }

            await Task.Delay(PollInterval, time, context.RequestAborted);
        }
    }

    /// <summary>Runs the request into a buffer and records its answer; <c>keep</c> is false when it must be rolled back.</summary>
    private async Task<(byte[] Answer, bool Keep)> RunAndRecordAsync(HttpContext context, SwitchboardDbContext db, Guid key)
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
        finally
        {
            context.Response.Body = original;
        }

        var status = context.Response.StatusCode;
        var keep = status != StatusCodes.Status429TooManyRequests && status < 500;
        var body = buffer.ToArray();
        if (keep)
        {
            var (storedStatus, storedBody) = (status, body);
            var contentType = context.Response.ContentType;
            var entityTag = context.Response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null;
            if (status < 300 && context.GetEndpoint()?.Metadata.GetMetadata<SecretResponse>() is { } secret)
            {
                // The answer holds a secret shown only once: keep a marker that names what was created, never the answer.
                (storedStatus, storedBody) = (StatusCodes.Status409Conflict, AlreadyCreated(context, secret));
                (contentType, entityTag) = ("application/json; charset=utf-8", null);
            }

            await db.IdempotencyRecords.Where(r => r.IdempotencyKey == key).ExecuteUpdateAsync(
                s => s.SetProperty(r => r.Completed, true)
                    .SetProperty(r => r.StatusCode, storedStatus)
                    .SetProperty(r => r.ContentType, contentType)
                    .SetProperty(r => r.EntityTag, entityTag)
                    .SetProperty(r => r.ResponseBody, storedBody),
                CancellationToken.None);
        }

        return (body, keep);
    }

    /// <summary>The 409 a repeat of a secret-bearing request gets: what was created, named by the id in its Location.</summary>
    private static byte[] AlreadyCreated(HttpContext context, SecretResponse secret)
    {
        var location = context.Response.Headers.Location.ToString();
        var created = location.Length > 0 ? $"{secret.Resource} {location[(location.LastIndexOf('/') + 1)..]}" : $"the {secret.Resource}";
        var error = ErrorResponses.Create(context, StatusCodes.Status409Conflict,
            $"This {HeaderName} already created {created}. Its response carried a secret, which is shown only once and never stored, " +
            $"so it cannot be replayed. Use a new {HeaderName} to create another.");
        return JsonSerializer.SerializeToUtf8Bytes(error, WireJson.Context.ErrorMessage);
    }

    private async Task ReplayAsync(HttpContext context, IdempotencyRecord record)
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
        metrics.IdempotencyReplayed();
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
