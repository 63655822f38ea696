using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Server.Common;
using Switchboard.Server.Configuration;
using Switchboard.Server.Health;
using Switchboard.Server.Persistence;
using Switchboard.Server.Telemetry;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Webhooks;

/// <summary>
/// The delivery worker, on every node. It claims due deliveries (the oldest pending one of each consumer and
/// company, so a company's and its connections' events arrive in order), sends each, signed, and records the attempt: any 2xx
/// delivers it; 410 disables the consumer; anything else (an error status, a timeout, a refused connection) is
/// retried on the schedule, and a consumer failing for <see cref="WebhookOptions.DisableAfter"/> is disabled.
/// A claim is a lease: if this node dies mid-send, another sends again after it runs out (at least once).
/// A success's recording also claims the next delivery of its queue when that one can go, and the same slot sends it:
/// a queue with a backlog turns over at the speed of its recordings, not of the worker's claims.
/// </summary>
internal sealed partial class WebhookDispatcher(
    IDbContextFactory<SwitchboardDbContext> databases,
    WriteGate writeGate,
    WebhookStore store,
    WebhookSecrets secrets,
    WebhookSignal signal,
    IHttpClientFactory clients,
    IOptions<SwitchboardOptions> options,
    WorkerHeartbeats heartbeats,
    SwitchboardMetrics metrics,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "Switchboard.Webhooks";
    private const int MaxRecordBatch = 256;

    /// <summary>How long the recorder waits, once an attempt is waiting to be recorded, for others to join its transaction.</summary>
    private static readonly TimeSpan RecordGather = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// How many deliveries of one queue a slot sends in a row, each claimed by the recording of the one before it,
    /// before it lets the queue wait for a claim among all the others (so a busy queue cannot keep a slot for itself).
    /// </summary>
    private const int MaxChain = 32;
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(10);

    /// <summary>The longest a free delivery slot waits for others before the worker claims for it alone.</summary>
    private static readonly TimeSpan GatherFor = TimeSpan.FromMilliseconds(20);

    private WebhookOptions Settings => options.Value.Webhooks;

    // Registered when the host builds the worker, before the server answers: readiness knows it from the first probe.
    // A round ends at the latest one poll interval after it starts (the wait is bounded by it).
    private readonly WorkerHeartbeat _heartbeat =
        heartbeats.Register("webhook-delivery", options.Value.Webhooks.PollInterval * 3 + TimeSpan.FromSeconds(30));

    // Attempts waiting to be recorded: the recorder writes all that are waiting in one transaction (a group commit), so a
    // node delivering hundreds per second takes the write turn a few times per second, not once per delivery.
    private readonly Channel<PendingRecord> _records = Channel.CreateUnbounded<PendingRecord>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recorder = Task.Run(() => RecordLoopAsync(stoppingToken), CancellationToken.None);
        try
        {
            await DispatchLoopAsync(stoppingToken);
        }
        finally
        {
            _records.Writer.TryComplete();
            await recorder;
        }
    }

    private async Task DispatchLoopAsync(CancellationToken stoppingToken)
    {
        var slots = new SemaphoreSlim(Settings.BatchSize);
        var running = new HashSet<Task>();
        var nextPrune = time.UtcNow();
        // Claims are write transactions: a busy node claims when a quarter of its slots are free, or when some have been
        // free for GatherFor, not once per finished delivery.
        var gather = Math.Max(1, Settings.BatchSize / 4);
        var lastClaim = 0L;
        while (!stoppingToken.IsCancellationRequested)
        {
            _heartbeat.Beat();
            var wait = Settings.PollInterval;
            try
            {
                if (time.UtcNow() >= nextPrune)
                {
                    nextPrune = time.UtcNow() + PruneEvery;
                    await PruneAsync(stoppingToken);
                }

                var free = slots.CurrentCount;
                var sinceClaim = Stopwatch.GetElapsedTime(lastClaim);
                if (free >= gather || (free > 0 && sinceClaim >= GatherFor))
                {
                    lastClaim = Stopwatch.GetTimestamp();
                    var batch = await ClaimAsync(free, stoppingToken);
                    foreach (var delivery in batch.Deliveries)
                    {
                        await slots.WaitAsync(stoppingToken);
                        var task = Task.Run(() => DeliverAsync(delivery, batch.Token, stoppingToken), CancellationToken.None);
                        lock (running)
                        {
                            running.Add(task);
                        }

                        _ = task.ContinueWith(
                            done =>
                            {
                                lock (running)
                                {
                                    running.Remove(done);
                                }

                                slots.Release();
                                signal.Notify();
                            },
                            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    }

                    // Either every slot is busy (a finished delivery wakes the loop) or nothing more was due (a commit wakes it).
                }
                else if (free > 0)
                {
                    wait = GatherFor - sinceClaim;
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogWorkerFailed(logger, exception.GetType().Name);
            }

            try
            {
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Task[] remaining;
        lock (running)
        {
            remaining = [.. running];
        }

        try
        {
            await Task.WhenAll(remaining);
        }
        catch (OperationCanceledException)
        {
            // Sends cut short by the shutdown: their claims run out and another node (or the next start) sends them again.
        }
    }

    private async Task<(string Token, List<ClaimedDelivery> Deliveries)> ClaimAsync(int take, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        var now = time.UtcNow();
        int count;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            await using var work = await UnitOfWork.BeginAsync(db, writeGate, cancellationToken, WritePriority.Next);
            count = await store.ClaimAsync(work, token, now, now + Settings.Timeout + Settings.LeaseMargin, take, cancellationToken);
            await work.CommitAsync(cancellationToken);
        }

        return (token, count == 0 ? [] : await store.ReadClaimedAsync(token, cancellationToken));
    }

    /// <summary>
    /// Sends a claimed delivery and has it recorded; while the recording claims the next delivery of its queue for
    /// this slot (it does when the attempt succeeded and the next one can go), sends that one too.
    /// </summary>
    private async Task DeliverAsync(ClaimedDelivery first, string firstToken, CancellationToken stoppingToken)
    {
        var (delivery, token) = (first, firstToken);
        for (var sent = 1; ; sent++)
        {
            try
            {
                var sending = Stopwatch.GetTimestamp();
                var outcome = await SendAsync(delivery, stoppingToken);
                // Timed here, not from the log's whole milliseconds: an attempt on loopback takes less than one.
                metrics.WebhookAttempted(outcome.Status, Stopwatch.GetElapsedTime(sending));
                var recorded = new PendingRecord(
                    delivery, token, outcome, Chain: sent < MaxChain, new TaskCompletionSource<Claimed?>(TaskCreationOptions.RunContinuationsAsynchronously));
                if (!_records.Writer.TryWrite(recorded) || await recorded.Done.Task is not { } next)
                {
                    return;
                }

                (delivery, token) = next;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Not recorded: the lease runs out and the delivery is attempted again (and so does a next one the
                // recording claimed, if it committed).
                LogRecordFailed(logger, delivery.Id, exception.GetType().Name);
                return;
            }
        }
    }

    private async Task<DeliveryOutcome> SendAsync(ClaimedDelivery delivery, CancellationToken stoppingToken)
    {
        var attempted = time.UtcNow();
        var attempt = delivery.Attempts + 1;
        var stopwatch = Stopwatch.StartNew();
        int? statusCode = null;
        string? responseBody = null;
        string? error;
        try
        {
            var body = Encoding.UTF8.GetBytes(delivery.Body);
            var messageId = delivery.EventId.ToString("D");
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.TryAddWithoutValidation("webhook-id", messageId);
            request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSignature.Header(SigningSecrets(delivery, attempted), messageId, timestamp, body));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(Settings.Timeout);
            try
            {
                using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                statusCode = (int)response.StatusCode;
                responseBody = await ReadTruncatedAsync(response, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return new DeliveryOutcome(WebhookDeliveryStatus.Succeeded, attempted, statusCode, stopwatch.ElapsedMilliseconds, null, responseBody, null);
                }

                error = $"The consumer answered {statusCode}.";
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"No answer within {Settings.Timeout.TotalSeconds:0.###} s.");
            }
        }
        catch (HttpRequestException exception)
        {
            error = Describe(exception);
        }

        if (statusCode == (int)HttpStatusCode.Gone)
        {
            return new DeliveryOutcome(WebhookDeliveryStatus.Failed, attempted, statusCode, stopwatch.ElapsedMilliseconds, error + " 410 Gone: the consumer is disabled.", responseBody, null);
        }

        // The retry's delay counts from the end of this attempt, not its start: a 5-s delay after a 15-s timeout is 5 s.
        var delays = Settings.Delays;
        var next = attempt < delays.Count ? attempted + stopwatch.Elapsed + delays[attempt] : (DateTime?)null;
        return new DeliveryOutcome(
            next is null ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending,
            attempted, statusCode, stopwatch.ElapsedMilliseconds, next is null ? error + " No attempts left." : error, responseBody, next);
    }

    private async Task RecordLoopAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingRecord>();
        try
        {
            while (await _records.Reader.WaitToReadAsync(stoppingToken))
            {
                Drain(batch);
                if (batch.Count < MaxRecordBatch)
                {
                    // Let the sends finishing now join this batch: one commit for many (on SQLite a commit costs about as
                    // much as the whole of a small batch's statements), at the price of a few milliseconds each.
                    await Task.Delay(RecordGather, stoppingToken);
                    Drain(batch);
                }

                try
                {
                    await RecordAsync(batch, stoppingToken);
                }
                catch (Exception exception)
                {
                    batch.ForEach(r => r.Done.TrySetException(exception));
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: attempts not recorded are made again when their claims run out.
        }

        // Nothing is recorded from here on: a sender finishing now is told at once instead of waiting, and so is one whose
        // attempt was taken into a batch the stop cut short.
        _records.Writer.TryComplete();
        batch.ForEach(r => r.Done.TrySetCanceled(stoppingToken));
        while (_records.Reader.TryRead(out var left))
        {
            left.Done.TrySetCanceled(stoppingToken);
        }
    }

    private void Drain(List<PendingRecord> batch)
    {
        while (batch.Count < MaxRecordBatch && _records.Reader.TryRead(out var next))
        {
            batch.Add(next);
        }
    }

    /// <summary>
    /// Records a batch of attempts in one transaction; an attempt whose claim was lost (its lease ran out and another
    /// node took it) is left to that node. Each record is then told the delivery its recording claimed next, if any.
    /// </summary>
    private async Task RecordAsync(List<PendingRecord> batch, CancellationToken cancellationToken)
    {
        var disabled = new Dictionary<(Guid Tenant, Guid Consumer), string>();
        var recorded = new List<(ClaimedDelivery Delivery, DeliveryOutcome Outcome)>();
        var chaining = new Dictionary<(Guid Consumer, string OrderKey), PendingRecord>();
        var now = time.UtcNow();
        var chain = new ChainClaim(Guid.NewGuid().ToString("N"), now, now + Settings.Timeout + Settings.LeaseMargin);
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            await using var work = await UnitOfWork.BeginAsync(db, writeGate, cancellationToken, WritePriority.Next);
            var cleared = new HashSet<Guid>();
            // Queue by queue in (consumer, company) order, as events are stored: on PostgreSQL both lock queue rows.
            foreach (var record in batch.OrderBy(r => r.Delivery.ConsumerId).ThenBy(r => r.Delivery.OrderKey, StringComparer.Ordinal))
            {
                var (delivery, token, outcome) = (record.Delivery, record.Token, record.Outcome);
                var tenant = new TenantId(delivery.TenantId);
                string? disabling = null;
                if (outcome.Status == WebhookDeliveryStatus.Succeeded)
                {
                    if (cleared.Add(delivery.ConsumerId))
                    {
                        await store.ClearFailingAsync(work, tenant, delivery.ConsumerId, cancellationToken);
                    }
                }
                else if (outcome.StatusCode == (int)HttpStatusCode.Gone)
                {
                    disabling = "The consumer answered 410 Gone.";
                }
                else if (await store.MarkFailingAsync(work, tenant, delivery.ConsumerId, outcome.Attempted, cancellationToken) is { } failingSince
                    && outcome.Attempted - failingSince >= Settings.DisableAfter)
                {
                    disabling = string.Create(CultureInfo.InvariantCulture, $"Deliveries kept failing for longer than {Settings.DisableAfter} (Switchboard:Webhooks:DisableAfter).");
                    // The delivery that disables its consumer is given up with it.
                    outcome = outcome with { Status = WebhookDeliveryStatus.Failed, NextAttempt = null, Error = outcome.Error + " The consumer is disabled: " + disabling };
                }

                // Only a success goes on down its queue: a failing consumer's next attempt waits for its retry schedule.
                var chainNext = record.Chain && outcome.Status == WebhookDeliveryStatus.Succeeded;
                var result = await store.RecordAttemptAsync(work, delivery, token, outcome, chainNext ? chain : null, cancellationToken);
                if (result == RecordResult.Lost)
                {
                    continue;
                }

                if (result == RecordResult.Chained)
                {
                    chaining.TryAdd((delivery.ConsumerId, delivery.OrderKey), record);
                }

                recorded.Add((delivery, outcome));
                if (disabling is not null && disabled.TryAdd((delivery.TenantId, delivery.ConsumerId), disabling))
                {
                    await store.DisableConsumerAsync(work, tenant, delivery.ConsumerId, disabling, cancellationToken);
                }
            }

            await work.CommitAsync(cancellationToken);
            // The slots hear back before the turn is released, not after: the release runs the writers waiting after
            // it on this thread (up to 64 API creates, see WriteGate.Release), and a slot told only then missed the
            // next batch too, so each slot sent about once every two rounds of the recorder.
            Dictionary<PendingRecord, Claimed> next = chaining.Count == 0 ? [] : await ReadChainedAsync(chain.Token, chaining, cancellationToken);
            batch.ForEach(r => r.Done.TrySetResult(next.GetValueOrDefault(r)));
        }

        foreach (var (delivery, outcome) in recorded)
        {
            if (outcome.Status == WebhookDeliveryStatus.Succeeded)
            {
                LogDelivered(logger, delivery.EventType, delivery.EventId, delivery.ConsumerId, outcome.StatusCode ?? 0, outcome.DurationMs);
            }
            else if (outcome.NextAttempt is { } nextAttempt)
            {
                LogAttemptFailed(logger, delivery.EventType, delivery.EventId, delivery.ConsumerId, delivery.Attempts + 1, outcome.Error ?? "", nextAttempt);
            }
            else
            {
                LogLastAttemptFailed(logger, delivery.EventType, delivery.EventId, delivery.ConsumerId, delivery.Attempts + 1, outcome.Error ?? "");
            }
        }

        foreach (var ((_, consumer), reason) in disabled)
        {
            LogConsumerDisabled(logger, consumer, reason);
        }
    }

    /// <summary>The deliveries a recording claimed under <paramref name="token"/>, each for the record whose queue it continues.</summary>
    private async Task<Dictionary<PendingRecord, Claimed>> ReadChainedAsync(
        string token, Dictionary<(Guid Consumer, string OrderKey), PendingRecord> chaining, CancellationToken cancellationToken)
    {
        var next = new Dictionary<PendingRecord, Claimed>(ReferenceEqualityComparer.Instance);
        try
        {
            foreach (var delivery in await store.ReadClaimedAsync(token, cancellationToken))
            {
                if (chaining.TryGetValue((delivery.ConsumerId, delivery.OrderKey), out var record))
                {
                    next[record] = new Claimed(delivery, token);
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The attempts are recorded; the deliveries claimed after them go when their claims run out.
            LogChainReadFailed(logger, exception.GetType().Name);
        }

        return next;
    }

    private IEnumerable<string> SigningSecrets(ClaimedDelivery delivery, DateTime now)
    {
        yield return secrets.Unseal(delivery.TenantId, delivery.ConsumerId, delivery.Secret, delivery.SecretKeyId);
        if (delivery is { PreviousSecret: { } previous, PreviousSecretKeyId: { } keyId } && delivery.PreviousSecretExpires > now)
        {
            yield return secrets.Unseal(delivery.TenantId, delivery.ConsumerId, previous, keyId);
        }
    }

    private async Task<string?> ReadTruncatedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var limit = Settings.MaxResponseBodyLength;
        if (limit == 0)
        {
            return null;
        }

        // Read at most what the log keeps (4 bytes per character at worst), however much the consumer sends.
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[limit * 4];
        var read = 0;
        int chunk;
        while (read < buffer.Length && (chunk = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += chunk;
        }

        var text = Encoding.UTF8.GetString(buffer, 0, read);
        return text.Length == 0 ? null : text.Length > limit ? text[..limit] : text;
    }

    private static string Describe(HttpRequestException exception)
    {
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookAddressRefusedException refused)
            {
                return "Refused: " + refused.Message;
            }
        }

        return exception.HttpRequestError switch
        {
            HttpRequestError.ConnectionError => "Could not connect: " + (exception.InnerException?.Message ?? exception.Message),
            HttpRequestError.NameResolutionError => "The host name did not resolve.",
            HttpRequestError.SecureConnectionError => "The TLS handshake failed.",
            _ => exception.Message,
        };
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var work = await UnitOfWork.BeginAsync(db, writeGate, cancellationToken);
        await store.PruneAsync(work, time.UtcNow() - Settings.Retention, cancellationToken);
        await work.CommitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook {EventType} {EventId} delivered to consumer {ConsumerId}: {StatusCode} in {DurationMs} ms")]
    private static partial void LogDelivered(ILogger logger, string eventType, Guid eventId, Guid consumerId, int statusCode, long durationMs);

    // The time as ISO 8601 in UTC ("u": 2026-12-02 00:36:30Z), whatever the server's culture.
    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {EventType} {EventId} to consumer {ConsumerId}, attempt {Attempt} failed: {Error}; next attempt at {NextAttempt:u}")]
    private static partial void LogAttemptFailed(ILogger logger, string eventType, Guid eventId, Guid consumerId, int attempt, string error, DateTime nextAttempt);

    // The error ends with "No attempts left." already.
    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {EventType} {EventId} to consumer {ConsumerId}, attempt {Attempt} failed: {Error}")]
    private static partial void LogLastAttemptFailed(ILogger logger, string eventType, Guid eventId, Guid consumerId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook consumer {ConsumerId} disabled: {Reason}")]
    private static partial void LogConsumerDisabled(ILogger logger, Guid consumerId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} not recorded ({Error}); it is attempted again when its claim runs out")]
    private static partial void LogRecordFailed(ILogger logger, Guid deliveryId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook worker failed to read the deliveries it claimed after recording others ({Error}); they are sent when their claims run out")]
    private static partial void LogChainReadFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook worker failed to claim deliveries ({Error}); it tries again")]
    private static partial void LogWorkerFailed(ILogger logger, string error);

    /// <summary>An attempt waiting to be recorded; <see cref="Chain"/>: its slot may go on to the next delivery of its queue.</summary>
    private sealed record PendingRecord(ClaimedDelivery Delivery, string Token, DeliveryOutcome Outcome, bool Chain, TaskCompletionSource<Claimed?> Done);

    private sealed record Claimed(ClaimedDelivery Delivery, string Token);
}
