using Switchboard.Bench.WebhookLoad;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

// Usage: WebhookLoad --url http://127.0.0.1:PORT --api-key KEY [--change connections|companies] [--rate 1000] [--warmup 5]
//        [--duration 20] [--drain 30] [--ramp 0]
// The change: connection creates (POST /companies/{id}/connections, spread over 100 companies made first; each causes a
// connection.created) or company creates (POST /companies; each causes a company.created).
// Prints one JSON line (BENCH_RESULT) with the figures. Timestamps are this process's monotonic clock, so the answer
// time of a create and the arrival of its event are read from one clock.
var options = Options.Parse(args);
await using var receiver = await Receiver.StartAsync();
using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{
    BaseAddress = new Uri(options.Url),
    Timeout = TimeSpan.FromSeconds(30),
};
client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(options.ApiKey)));

var connections = options.Change == "connections";
var companies = new List<string>();
if (connections)
{
    for (var c = 0; c < 100; c++)
    {
        companies.Add(JsonNode.Parse(await PostAsync("/companies", $$"""{"name":"bench {{c}}"}"""))!["id"]!.GetValue<string>());
    }
}

await PostAsync("/webhooks", $$"""{"url":"{{receiver.Url}}","eventTypes":["{{(connections ? "connection.created" : "company.created")}}"]}""");

// With --ramp R, the rate grows from 0 to --rate over the warm-up's first R seconds (a load balancer's slow start for a
// new node), then holds: RequestsBy(t) requests are due by t seconds, and request i is due at DueSeconds(i).
var ramp = (double)Math.Min(options.Ramp, options.Warmup);
double RequestsBy(double t) => ramp > 0 && t <= ramp ? options.Rate * t * t / (2 * ramp) : options.Rate * (t - ramp / 2);
double DueSeconds(int i) => i < options.Rate * ramp / 2 ? Math.Sqrt(2 * ramp * i / options.Rate) : i / (double)options.Rate + ramp / 2;
var total = (int)RequestsBy(options.Warmup + options.Duration);
var measuredFrom = (int)RequestsBy(options.Warmup);
var answers = new ConcurrentDictionary<string, (long Scheduled, long Answered)>();
var warmupAnswers = new ConcurrentDictionary<string, long>();
var errors = 0;
var errorKinds = new ConcurrentDictionary<string, int>();
var inFlight = new List<Task>(total);
var start = Stopwatch.GetTimestamp();
long Due(int i) => start + (long)(DueSeconds(i) * Stopwatch.Frequency);
var next = 0;
while (next < total)
{
    // Open loop: request i is due at start + i / rate (after any ramp) whatever earlier requests are doing, and its latency
    // counts from then. Every request due by now is sent, then the loop sleeps about a millisecond: it never spins, which
    // on a machine shared with the server would take the server's CPU (spinning to the exact due time cost a whole core at 1,000/s).
    var now = Stopwatch.GetTimestamp();
    for (; next < total && Due(next) <= now; next++)
    {
        Send(next, Due(next));
    }

    await Task.Delay(1);
}

void Send(int index, long due)
{
    inFlight.Add(Task.Run(async () =>
    {
        try
        {
            using var response = connections
                ? await client.PostAsync($"/companies/{companies[index % companies.Count]}/connections", Json("""{"platformKey":"gbol"}"""))
                : await client.PostAsync("/companies", Json($$"""{"name":"bench {{index}}"}"""));
            var body = await response.Content.ReadAsStringAsync();
            var answered = Stopwatch.GetTimestamp();
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref errors);
                errorKinds.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                return;
            }

            var id = JsonNode.Parse(body)!["id"]!.GetValue<string>();
            if (index >= measuredFrom)
            {
                answers[id] = (due, answered);
            }
            else
            {
                warmupAnswers[id] = answered;
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            Interlocked.Increment(ref errors);
            errorKinds.AddOrUpdate(exception.GetType().Name, 1, (_, n) => n + 1);
        }
    }));
}

var sendingEnded = Stopwatch.GetTimestamp();
await Task.WhenAll(inFlight);
var measuredStart = Due(measuredFrom);

// Wait for the measured creates' events (up to --drain seconds after the last answer).
var drainUntil = Stopwatch.GetTimestamp() + (long)(options.Drain * Stopwatch.Frequency);
while (answers.Keys.Any(id => !receiver.Arrivals.ContainsKey(id)) && Stopwatch.GetTimestamp() < drainUntil)
{
    await Task.Delay(100);
}

var latencies = new List<double>();
var missing = 0;
var lastArrival = measuredStart;
foreach (var (id, (_, answered)) in answers)
{
    if (receiver.Arrivals.TryGetValue(id, out var arrived))
    {
        // An event can arrive before the client has read the answer: its latency counts as 0.
        latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(answered, arrived).TotalMilliseconds));
        lastArrival = Math.Max(lastArrival, arrived);
    }
    else
    {
        missing++;
    }
}

// Each second of the run (warm-up included, by when the answer was read): the p99 of its creates' delivery latency, to
// tell a backlog left by the warm-up from stalls during the measured window.
var bySecond = warmupAnswers.Select(a => (a.Key, Answered: a.Value)).Concat(answers.Select(a => (a.Key, a.Value.Answered)))
    .Where(a => receiver.Arrivals.ContainsKey(a.Key))
    .GroupBy(a => (int)Stopwatch.GetElapsedTime(start, a.Answered).TotalSeconds)
    .OrderBy(g => g.Key)
    .Select(g => new JsonArray(g.Key, Percentile(g.Select(a => Math.Max(0, Stopwatch.GetElapsedTime(a.Answered, receiver.Arrivals[a.Key]).TotalMilliseconds)).ToList(), 99)))
    .ToArray<JsonNode?>();
// And how many events arrived in each second of the run: when delivery starts, and its rate as the backlog drains.
var arrivalsBySecond = receiver.Arrivals.Values.Where(t => t >= start)
    .GroupBy(t => (int)Stopwatch.GetElapsedTime(start, t).TotalSeconds).OrderBy(g => g.Key)
    .Select(g => new JsonArray(g.Key, g.Count())).ToArray<JsonNode?>();
var apiLatencies = answers.Values.Select(a => Stopwatch.GetElapsedTime(a.Scheduled, a.Answered).TotalMilliseconds).ToList();
var window = Stopwatch.GetElapsedTime(measuredStart, sendingEnded).TotalSeconds;
// Deliveries/s: measured events received while the measured creates were being sent, over that window; and all of them
// over the time until the last arrived (lower when deliveries fall behind).
var arrivedInWindow = receiver.Arrivals.Where(a => answers.ContainsKey(a.Key) && a.Value <= sendingEnded).Count();
var result = new JsonObject
{
    ["change"] = options.Change,
    ["rate"] = options.Rate,
    ["warmup_s"] = options.Warmup,
    ["duration_s"] = options.Duration,
    ["sent"] = total,
    ["measured"] = answers.Count,
    ["errors"] = errors,
    ["error_kinds"] = new JsonObject(errorKinds.OrderBy(kind => kind.Key, StringComparer.Ordinal).Select(kind => KeyValuePair.Create(kind.Key, (JsonNode?)kind.Value))),
    ["send_rate"] = Math.Round((total - measuredFrom) / window, 1),
    ["api_p50_ms"] = Percentile(apiLatencies, 50),
    ["api_p99_ms"] = Percentile(apiLatencies, 99),
    ["deliveries_per_s_in_window"] = Math.Round(arrivedInWindow / window, 1),
    ["deliveries_per_s_to_last"] = lastArrival > measuredStart ? Math.Round(latencies.Count / Stopwatch.GetElapsedTime(measuredStart, lastArrival).TotalSeconds, 1) : null,
    ["delivered"] = latencies.Count,
    ["missing"] = missing,
    ["requests_received"] = receiver.Requests,
    ["delivery_p50_ms"] = Percentile(latencies, 50),
    ["delivery_p90_ms"] = Percentile(latencies, 90),
    ["delivery_p99_ms"] = Percentile(latencies, 99),
    ["delivery_max_ms"] = latencies.Count == 0 ? null : Math.Round(latencies.Max(), 1),
    ["delivery_p99_ms_by_second"] = new JsonArray(bySecond),
    ["arrivals_by_second"] = new JsonArray(arrivalsBySecond),
};
Console.WriteLine("BENCH_RESULT " + result.ToJsonString());
return 0;

static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

async Task<string> PostAsync(string path, string body)
{
    using var response = await client.PostAsync(path, Json(body));
    var text = await response.Content.ReadAsStringAsync();
    return response.IsSuccessStatusCode ? text : throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
}

static double? Percentile(List<double> values, double p)
{
    if (values.Count == 0)
    {
        return null;
    }

    values.Sort();
    return Math.Round(values[Math.Min(values.Count - 1, (int)Math.Ceiling(p / 100 * values.Count) - 1)], 1);
}

internal sealed record Options(string Url, string ApiKey, string Change, int Rate, int Warmup, int Duration, int Drain, int Ramp)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        int Int(string name, int fallback) => values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        var change = values.GetValueOrDefault("--change", "connections");
        if (change is not ("connections" or "companies"))
        {
            throw new ArgumentException("--change is connections or companies");
        }

        return new Options(values["--url"], values["--api-key"], change, Int("--rate", 1000), Int("--warmup", 5), Int("--duration", 20), Int("--drain", 30), Int("--ramp", 0));
    }
}
