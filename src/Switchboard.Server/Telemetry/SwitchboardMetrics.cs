using System.Diagnostics;
using System.Diagnostics.Metrics;
using Switchboard.Server.Webhooks;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// Switchboard's own meter (<c>Switchboard</c>): every instrument the features record into, defined in one place so
/// the names, units and tags stay consistent. Recording costs next to nothing when nobody listens (telemetry off).
/// Requests are not counted here: ASP.NET Core's <c>http.server.request.duration</c> counts them, by route, method and
/// status, and carries the operation id (<see cref="Errors.CorrelationMiddleware.OperationTag"/>).
/// </summary>
internal sealed class SwitchboardMetrics
{
    public const string MeterName = "Switchboard";

    private readonly Counter<long> _idempotencyReplays;
    private readonly Counter<long> _rateLimitRefusals;
    private readonly Counter<long> _tokenRefreshes;
    private readonly Counter<long> _tokenRefreshesPutOff;
    private readonly Counter<long> _webhookDeliveries;
    private readonly Histogram<double> _webhookDeliveryDuration;

    public SwitchboardMetrics(IMeterFactory meterFactory, ConnectionCounts connections)
    {
        var meter = meterFactory.Create(MeterName);
        if (connections.Interval > TimeSpan.Zero)
        {
            meter.CreateObservableGauge("switchboard.connections", connections.Observe, "{connection}",
                $"Connections by status, over all tenants (counted at most every {connections.Interval.TotalSeconds:0} s).");
        }

        _idempotencyReplays = meter.CreateCounter<long>("switchboard.idempotency.replays", "{request}",
            "Requests answered from a stored Idempotency-Key answer instead of acting again.");
        _rateLimitRefusals = meter.CreateCounter<long>("switchboard.rate_limit.refusals", "{request}",
            "Requests refused with 429 by the rate limiter, by bucket kind (api_key, link, client_address).");
        _tokenRefreshes = meter.CreateCounter<long>("switchboard.token.refreshes", "{refresh}",
            "OAuth access-token refreshes, by platform and outcome (succeeded, failed).");
        _tokenRefreshesPutOff = meter.CreateCounter<long>("switchboard.token.refreshes_put_off", "{refresh}",
            "Due refreshes not sent yet, and not failed, by platform and reason (rate: the node's budget for the platform is spent; paused: the platform asked to wait; unavailable: the platform stopped answering).");
        _webhookDeliveries = meter.CreateCounter<long>("switchboard.webhook.deliveries", "{delivery}",
            "Webhook delivery attempts, by outcome (delivered; retrying: failed, to be tried again; gave_up: failed for the last time, or answered 410).");
        _webhookDeliveryDuration = meter.CreateHistogram("switchboard.webhook.delivery.duration", "s",
            "Time from sending a webhook to the receiver's answer (or the failure), by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
    }

    public void IdempotencyReplayed() => _idempotencyReplays.Add(1);

    /// <param name="bucket"><c>api_key</c>, <c>link</c> or <c>client_address</c>.</param>
    public void RateLimitRefused(string bucket) => _rateLimitRefusals.Add(1, new KeyValuePair<string, object?>("bucket", bucket));

    /// <summary>For the OAuth refresher: one refresh attempt and whether it succeeded.</summary>
    public void TokenRefreshed(string platformKey, bool succeeded) =>
        _tokenRefreshes.Add(1, new TagList { { "platform", platformKey }, { "outcome", succeeded ? "succeeded" : "failed" } });

    /// <summary>For the OAuth refresher: a due refresh put off, not sent; <paramref name="reason"/> is <c>rate</c>, <c>paused</c> or <c>unavailable</c>.</summary>
    public void TokenRefreshPutOff(string platformKey, string reason) =>
        _tokenRefreshesPutOff.Add(1, new TagList { { "platform", platformKey }, { "reason", reason } });

    /// <summary>
    /// For the webhook delivery worker: one attempt's outcome and how long it took. The outcome tells an operator what
    /// to act on: <c>retrying</c> attempts are a consumer having trouble, <c>gave_up</c> ones are events it will not get.
    /// </summary>
    public void WebhookAttempted(WebhookDeliveryStatus result, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("outcome", result switch
        {
            WebhookDeliveryStatus.Succeeded => "delivered",
            WebhookDeliveryStatus.Pending => "retrying",
            _ => "gave_up",
        });
        _webhookDeliveries.Add(1, tag);
        _webhookDeliveryDuration.Record(elapsed.TotalSeconds, tag);
    }
}
