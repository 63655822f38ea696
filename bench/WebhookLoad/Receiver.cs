using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Switchboard.Bench.WebhookLoad;

/// <summary>The consumer's endpoint: Kestrel on loopback, noting when each created resource's event first arrives; answers 204.</summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _requests;

    private Receiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpRequest request) =>
        {
            var arrived = Stopwatch.GetTimestamp();
            using var json = await JsonDocument.ParseAsync(request.Body);
            // company.created carries the company as its payload; connection events carry { referenceCompany, connection }.
            var payload = json.RootElement.GetProperty("payload");
            var id = (payload.TryGetProperty("connection", out var connection) ? connection : payload).GetProperty("id").GetString()!;
            Arrivals.TryAdd(id, arrived);
            Interlocked.Increment(ref _requests);
            return Results.NoContent();
        });
    }

    public string Url => _app.Urls.First() + "/hook";

    /// <summary>Company or connection id → when its created event first arrived (monotonic ticks).</summary>
    public ConcurrentDictionary<string, long> Arrivals { get; } = new(StringComparer.Ordinal);

    public long Requests => Interlocked.Read(ref _requests);

    public static async Task<Receiver> StartAsync()
    {
        var receiver = new Receiver();
        await receiver._app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
