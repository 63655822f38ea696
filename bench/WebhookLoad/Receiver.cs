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
        // Its own folder as the content root, and no configuration file watching: by default the host watches the folder
        // it starts in (the repository, where the server's database is) for changes to appsettings.json, and every write
        // of the server's SQLite file then woke the driver and cost the server's writes an inotify event each.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
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
