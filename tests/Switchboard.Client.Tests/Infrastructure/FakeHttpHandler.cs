using System.Net;
using System.Text;

namespace Switchboard.Client.Tests.Infrastructure;

/// <summary>
/// A message handler that records each request and answers from a script, in order.
/// </summary>
public sealed class FakeHttpHandler(TimeProvider time) : HttpMessageHandler
{
    private readonly Queue<Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public FakeHttpHandler Respond(Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> responder)
    {
        lock (_lock)
        {
            _script.Enqueue(responder);
        }

        return this;
    }

    public FakeHttpHandler Respond(HttpStatusCode status, string? json = null, Action<HttpResponseMessage>? configure = null) =>
        Respond((_, _) =>
        {
            var response = Response(status, json);
            configure?.Invoke(response);
            return Task.FromResult(response);
        });

    public FakeHttpHandler RespondTimes(int times, HttpStatusCode status, string? json = null)
    {
        for (var i = 0; i < times; i++)
        {
            Respond(status, json);
        }

        return this;
    }

    public FakeHttpHandler RespondText(HttpStatusCode status, string body, string mediaType) =>
        Respond((_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) }));

    public FakeHttpHandler Throw(Exception exception) => Respond((_, _) => Task.FromException<HttpResponseMessage>(exception));

    /// <summary>Never answers: waits until the request is cancelled (by a timeout or the caller).</summary>
    public FakeHttpHandler Hang() => Respond(async (_, ct) =>
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        throw new InvalidOperationException("unreachable");
    });

    public static HttpResponseMessage Response(HttpStatusCode status, string? json = null)
    {
        var response = new HttpResponseMessage(status);
        if (json is not null)
        {
            response.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var recorded = await RecordedRequest.CopyAsync(request, time.GetUtcNow(), cancellationToken);
        Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> next;
        lock (_lock)
        {
            _requests.Add(recorded);
            if (!_script.TryDequeue(out next!))
            {
                throw new InvalidOperationException($"Unexpected request {request.Method} {request.RequestUri}: the script has no more answers.");
            }
        }

        var response = await next(recorded, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}
