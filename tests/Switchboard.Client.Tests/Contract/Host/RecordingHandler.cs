using System.Collections.Concurrent;
using System.Diagnostics;

namespace Switchboard.Client.Tests.Contract.Host;

/// <summary>
/// Sends over real HTTP and records each exchange (what the client sent, what the server answered, and when),
/// so a test can see what went over the wire: idempotency keys, pages requested, retries and their spacing.
/// </summary>
public sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentQueue<Exchange> _exchanges = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public IReadOnlyList<Exchange> Exchanges => [.. _exchanges];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sentAt = _clock.Elapsed;
        var response = await base.SendAsync(request, cancellationToken);
        _exchanges.Enqueue(new Exchange(
            request.Method,
            request.RequestUri!,
            request.Headers.TryGetValues("Idempotency-Key", out var keys) ? keys.Single() : null,
            sentAt,
            (int)response.StatusCode,
            response.Headers.RetryAfter?.Delta,
            response.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Single() == "true"));
        return response;
    }
}

/// <summary>One request and its answer.</summary>
public sealed record Exchange(
    HttpMethod Method, Uri Uri, string? IdempotencyKey, TimeSpan SentAt, int StatusCode, TimeSpan? RetryAfter, bool Replayed);
