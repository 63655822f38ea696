using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Switchboard.Bench.RefresherLoad;

/// <summary>
/// The platform's token endpoint, cheap but real: Kestrel on loopback answering RFC 6749 §6 refresh requests (client
/// authenticated with HTTP Basic, grant_type=refresh_token, a refresh token this bench issued) with a new 30-minute
/// access token and a rotated refresh token, after an optional latency. Prints refreshes answered per second, and a
/// summary line at the end.
/// </summary>
internal static class TokenPlatform
{
    public static async Task RunAsync(int port, string clientId, string clientSecret, TimeSpan latency, TimeSpan duration)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(clientSecret)}"));
        var perSecond = new ConcurrentDictionary<long, int>();
        var refused = 0;
        app.MapPost("/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (context.Request.Headers.Authorization.ToString() != expected)
            {
                Interlocked.Increment(ref refused);
                return Results.Json(new Dictionary<string, string> { ["error"] = "invalid_client" }, statusCode: 401);
            }

            if (form["grant_type"] != "refresh_token" || !form["refresh_token"].ToString().StartsWith("refresh-", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref refused);
                return Results.Json(new Dictionary<string, string> { ["error"] = "invalid_grant" }, statusCode: 400);
            }

            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, context.RequestAborted);
            }

            perSecond.AddOrUpdate(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 1, (_, n) => n + 1);
            var id = Guid.NewGuid().ToString("N");
            return Results.Json(new Dictionary<string, object>
            {
                ["access_token"] = "access-" + id,
                ["token_type"] = "Bearer",
                ["expires_in"] = 1800,
                ["refresh_token"] = "refresh-" + id,
            });
        });
        await app.StartAsync();
        Console.WriteLine($"platform listening on {app.Urls.First()} (latency {latency.TotalMilliseconds:0} ms)");
        await Task.Delay(duration);
        await app.StopAsync();
        var seconds = perSecond.OrderBy(p => p.Key).ToList();
        foreach (var (second, count) in seconds)
        {
            Console.WriteLine($"second {second} {count}");
        }

        Console.WriteLine($"platform total {seconds.Sum(p => p.Value)} refreshes, {refused} refused");
    }
}
