using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>
/// A real HTTP webhook receiver: Kestrel on a free loopback port, recording every request. It answers 200 unless
/// told otherwise: <see cref="AnswerNext"/> queues status codes for the next requests, and <see cref="Hang"/>
/// (as a status) keeps a request open until the sender gives up.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const int Hang = -1;

    private readonly WebApplication _app;
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();
    private readonly ConcurrentQueue<int> _answers = new();
    private readonly ConcurrentQueue<ReceivedWebhook> _all = new();

    private WebhookReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/hook", HandleAsync);
    }

    public string Url => _app.Urls.First() + "/hook";

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyCollection<ReceivedWebhook> All => _all;

    /// <summary>The body text the receiver answers with.</summary>
    public string ResponseBody { get; set; } = "ok";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        await receiver._app.StartAsync();
        return receiver;
    }

    public void AnswerNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _answers.Enqueue(status);
        }
    }

    /// <summary>The next request received (waiting up to <paramref name="timeout"/>, 15 s by default).</summary>
    public async Task<ReceivedWebhook> NextAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        try
        {
            return await _received.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"No webhook arrived within {(timeout ?? TimeSpan.FromSeconds(15)).TotalSeconds} s.");
        }
    }

    /// <summary>The next <paramref name="count"/> requests, in arrival order.</summary>
    public async Task<List<ReceivedWebhook>> NextAsync(int count, TimeSpan? timeout = null)
    {
        var received = new List<ReceivedWebhook>();
        for (var i = 0; i < count; i++)
        {
            received.Add(await NextAsync(timeout));
        }

        return received;
    }

    /// <summary>Whether a request is waiting to be read.</summary>
    public bool TryTake(out ReceivedWebhook? webhook) => _received.Reader.TryRead(out webhook);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var arrived = DateTime.UtcNow;
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = new HeaderDictionary();
        foreach (var (name, value) in context.Request.Headers)
        {
            headers[name] = value;
        }

        var webhook = new ReceivedWebhook(headers, body, arrived);
        _all.Enqueue(webhook);
        var status = _answers.TryDequeue(out var queued) ? queued : StatusCodes.Status200OK;
        if (status == Hang)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (status is >= 200 and < 300)
        {
            _received.Writer.TryWrite(webhook);
        }

        context.Response.StatusCode = status;
        await context.Response.WriteAsync(ResponseBody, context.RequestAborted);
    }
}
