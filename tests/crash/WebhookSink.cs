using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Switchboard.Crash;

/// <summary>
/// The harness's webhook receiver: Kestrel on a loopback port, in the harness process, so it outlives every server it
/// kills. It answers 200 to every delivery and keeps each distinct event (a delivery repeated after a crash counts once).
/// </summary>
internal sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<Guid, WebhookEvent> _received = new();
    private long _deliveries;

    private WebhookSink()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var webhook = WebhookEvent.Parse(await reader.ReadToEndAsync(context.RequestAborted));
            _received.TryAdd(webhook.Id, webhook);
            Interlocked.Increment(ref _deliveries);
            return Results.Ok();
        });
    }

    public string Url => _app.Urls.First() + "/hook";

    /// <summary>Distinct events received so far.</summary>
    public ICollection<WebhookEvent> Received => _received.Values;

    /// <summary>Requests received, repeats included.</summary>
    public long Deliveries => Interlocked.Read(ref _deliveries);

    public static async Task<WebhookSink> StartAsync()
    {
        var sink = new WebhookSink();
        await sink._app.StartAsync();
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
