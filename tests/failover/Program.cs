using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.Server.Tests.Processes;

namespace Switchboard.Failover;

/// <summary>
/// Stops a PostgreSQL primary under write load from two Switchboard nodes and promotes its synchronous standby:
/// every answer during the switch is a success or a 503 with Retry-After (never a 500, never a hang past the request
/// timeout), the nodes serve again once they reconnect, and every acknowledged write is on the promoted server.
/// Exit code 0 when every check passed.
/// </summary>
internal static class Program
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> Main()
    {
        var root = Directory.CreateTempSubdirectory("switchboard-failover.").FullName;
        PostgresCluster.PrepareRoot(root);
        var failures = new List<string>();
        PostgresCluster? primary = null, standby = null;
        var nodes = new List<ServerProcess>();
        WriteLoad? load = null;
        try
        {
            primary = await PostgresCluster.CreatePrimaryAsync(root);
            await primary.StartAsync();
            standby = await PostgresCluster.CreateStandbyAsync(root, primary);
            await standby.StartAsync();
            await WaitUntilAsync("the standby streams synchronously", TimeSpan.FromSeconds(60),
                async () => await primary.ScalarAsync<string>("SELECT sync_state FROM pg_stat_replication LIMIT 1") == "sync");
            Console.WriteLine($"==> primary 127.0.0.1:{primary.Port}, synchronous standby 127.0.0.1:{standby.Port}");

            var connectionString = $"Host=127.0.0.1:{primary.Port},127.0.0.1:{standby.Port};Username=postgres;Database=postgres;" +
                "Target Session Attributes=read-write;Host Recheck Seconds=1;Timeout=5;Command Timeout=10";
            var options = ServerProcessOptions.Create(Path.Combine(root, "node-data"), connectionString);
            for (var i = 0; i < 2; i++)
            {
                nodes.Add(await ServerProcess.StartAsync(options));
            }

            load = new WriteLoad(nodes.Select(n => n.CreateClient(options.BootstrapApiKey, RequestTimeout)).ToList());
            using var stop = new CancellationTokenSource();
            var writing = load.RunAsync(writersPerNode: 4, stop.Token);

            await WaitUntilAsync("writes are acknowledged on both nodes", TimeSpan.FromSeconds(30), () => Task.FromResult(load.AcknowledgedOnEveryNode(50)));
            var beforeSwitch = load.Acknowledged.Count;
            var outage = Stopwatch.StartNew();
            await primary.StopImmediatelyAsync();
            Console.WriteLine($"==> primary stopped after {beforeSwitch} acknowledged writes");
            await WaitUntilAsync("requests answer 503 on both nodes while no server accepts writes", TimeSpan.FromSeconds(30),
                () => Task.FromResult(load.UnavailableOnEveryNode()));
            using var probe = new HttpClient { Timeout = RequestTimeout };
            await WaitUntilAsync("/health/ready reports the outage (503) on both nodes", TimeSpan.FromSeconds(30),
                async () => (await Task.WhenAll(nodes.Select(n => ReadyStatusAsync(probe, n)))).All(s => s == HttpStatusCode.ServiceUnavailable));
            await standby.PromoteAsync();
            // A primary with no standby left: commits must stop waiting for one, or none is ever acknowledged (what
            // Patroni does when the synchronous standby is gone and strict mode is off).
            await standby.ExecuteAsync("ALTER SYSTEM SET synchronous_standby_names = ''; SELECT pg_reload_conf();");
            Console.WriteLine($"==> standby promoted {outage.Elapsed.TotalSeconds:0.0} s after the stop");
            var promotedAt = load.Acknowledged.Count;
            await WaitUntilAsync("both nodes acknowledge writes on the promoted server", TimeSpan.FromSeconds(60),
                () => Task.FromResult(load.AcknowledgedOnEveryNodeSince(promotedAt, 50)));
            Console.WriteLine($"==> serving again {outage.Elapsed.TotalSeconds:0.0} s after the stop");
            await WaitUntilAsync("/health/ready reports both nodes ready again", TimeSpan.FromSeconds(30),
                async () => (await Task.WhenAll(nodes.Select(n => ReadyStatusAsync(probe, n)))).All(s => s == HttpStatusCode.OK));
            await stop.CancelAsync();
            await writing;

            var stored = await standby.CompanyIdsAsync();
            var lost = load.Acknowledged.Where(id => !stored.Contains(id)).ToList();
            if (lost.Count > 0)
            {
                failures.Add($"{lost.Count} acknowledged writes are missing after the failover, e.g. company {lost[0]}.");
            }

            if (load.Replays == 0 || load.Reads == 0)
            {
                failures.Add($"The load did not exercise every kind of request: {load.Replays} idempotent replays, {load.Reads} reads.");
            }

            Console.WriteLine($"==> {load.Acknowledged.Count} writes acknowledged ({load.Acknowledged.Count - promotedAt} after the promotion), " +
                $"{load.Replays} idempotent replays and {load.Reads} reads answered, {load.Unavailable} answered 503 with Retry-After (the slowest in {load.SlowestUnavailable.TotalSeconds:0.0} s), {lost.Count} lost, " +
                $"{load.Failures.Count} wrong answers");
        }
        catch (Exception exception)
        {
            failures.Add(exception.Message);
        }
        finally
        {
            failures.InsertRange(0, load?.Failures ?? []);
            foreach (var node in nodes)
            {
                if (failures.Count > 0)
                {
                    Console.WriteLine($"--- node {node.Port}: its errors ---\n{Errors(node.Output)}\n--- node {node.Port}: what it logged for the failed answers ---\n" +
                        $"{Correlated(node.Output, failures)}\n--- node {node.Port}: the end of its output ---\n{Tail(node.Output)}");
                }

                await node.DisposeAsync();
            }

            foreach (var cluster in new[] { primary, standby })
            {
                if (cluster is null)
                {
                    continue;
                }

                if (failures.Count > 0)
                {
                    Console.WriteLine($"--- {cluster.Name} log ---\n{Tail(cluster.Log)}");
                }

                try
                {
                    await cluster.StopImmediatelyAsync();
                }
                catch (InvalidOperationException)
                {
                    // Already stopped (the primary).
                }
            }

            Directory.Delete(root, recursive: true);
        }

        foreach (var failure in failures.Distinct().Take(20))
        {
            Console.WriteLine("FAIL: " + failure);
        }

        Console.WriteLine(failures.Count == 0 ? "Failover: every check passed." : $"Failover: {failures.Count} failures.");
        return failures.Count == 0 ? 0 : 1;
    }

    private static async Task WaitUntilAsync(string what, TimeSpan timeout, Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Npgsql.NpgsqlException)
            {
                // Not up yet.
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }

    private static async Task<HttpStatusCode> ReadyStatusAsync(HttpClient probe, ServerProcess node)
    {
        using var response = await probe.GetAsync(new Uri(node.BaseAddress, "/health/ready"));
        return response.StatusCode;
    }

    /// <summary>The first few error entries of a node's log (an entry starts at "fail:" and runs to the next entry).</summary>
    private static string Errors(string output)
    {
        var entries = System.Text.RegularExpressions.Regex.Split(output, @"\n(?=(?:info|warn|fail|crit|dbug|trce): )")
            .Where(e => e.StartsWith("fail:", StringComparison.Ordinal) || e.StartsWith("crit:", StringComparison.Ordinal));
        return string.Join("\n", entries.Take(3).Select(e => e.Length <= 3000 ? e : e[..3000] + "…"));
    }

    /// <summary>The log entries that carry the correlation id of a failed answer (its exception, whatever came first).</summary>
    private static string Correlated(string output, IEnumerable<string> failures)
    {
        var ids = failures.SelectMany(f => System.Text.RegularExpressions.Regex.Matches(f, "\"correlationId\":\"([0-9a-f]+)\"").Select(m => m.Groups[1].Value)).ToHashSet();
        var entries = System.Text.RegularExpressions.Regex.Split(output, @"\n(?=(?:info|warn|fail|crit|dbug|trce): )")
            .Where(e => ids.Any(id => e.Contains(id, StringComparison.Ordinal)));
        return string.Join("\n", entries.Take(5).Select(e => e.Length <= 6000 ? e : e[..6000] + "…"));
    }

    private static string Tail(string text) => text.Length <= 6000 ? text : "…" + text[^6000..];
}

/// <summary>
/// Clients on every node, each repeating three requests: a company create; a create with an <c>Idempotency-Key</c>,
/// sent again once acknowledged (the replay must answer the same company); and a read of a company another request
/// had acknowledged, through either node (a 404 there is a lost write). Records what each answer was.
/// </summary>
internal sealed class WriteLoad(IReadOnlyList<HttpClient> clients)
{
    private readonly Lock _gate = new();
    private readonly List<(Guid Id, int Node)> _acknowledged = [];
    private readonly List<string> _failures = [];
    private readonly int[] _unavailableByNode = new int[clients.Count];
    private long _slowestUnavailableTicks;
    private int _replays;
    private int _reads;

    public IReadOnlyList<Guid> Acknowledged
    {
        get
        {
            lock (_gate)
            {
                return [.. _acknowledged.Select(a => a.Id)];
            }
        }
    }

    public int Unavailable => Enumerable.Range(0, clients.Count).Sum(node => Volatile.Read(ref _unavailableByNode[node]));

    /// <summary>The longest a 503 took to answer: how long a request waited on a database that was not there.</summary>
    public TimeSpan SlowestUnavailable => TimeSpan.FromTicks(Interlocked.Read(ref _slowestUnavailableTicks));

    public bool UnavailableOnEveryNode() => Enumerable.Range(0, clients.Count).All(node => Volatile.Read(ref _unavailableByNode[node]) > 0);

    /// <summary>Idempotent creates whose replay answered the same company.</summary>
    public int Replays => Volatile.Read(ref _replays);

    /// <summary>Reads of acknowledged companies that found them.</summary>
    public int Reads => Volatile.Read(ref _reads);

    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_gate)
            {
                return [.. _failures];
            }
        }
    }

    public bool AcknowledgedOnEveryNode(int count) => AcknowledgedOnEveryNodeSince(0, count);

    public bool AcknowledgedOnEveryNodeSince(int index, int count)
    {
        lock (_gate)
        {
            return Enumerable.Range(0, clients.Count).All(node => _acknowledged.Skip(index).Count(a => a.Node == node) >= count);
        }
    }

    public Task RunAsync(int writersPerNode, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, clients.Count).SelectMany(node => Enumerable.Range(0, writersPerNode).Select(_ => WriteAsync(node, stop))));

    private async Task WriteAsync(int node, CancellationToken stop)
    {
        var client = clients[node];
        for (var round = 0; !stop.IsCancellationRequested; round++)
        {
            switch (round % 3)
            {
                case 0:
                    await SendAsync(node, "POST /companies", () => client.PostAsJsonAsync("/companies", new { name = "failover" }, CancellationToken.None),
                        body => Acknowledge(CompanyId(body), node));
                    break;
                case 1:
                    var key = Guid.NewGuid().ToString("N");
                    Guid? created = null;
                    await SendAsync(node, "POST /companies (Idempotency-Key)", () => PostIdempotentAsync(client, key), body => created = CompanyId(body));
                    if (created is { } id)
                    {
                        Acknowledge(id, node);
                        // The replay answers from the stored record, whichever state the database is in.
                        await SendAsync(node, "POST /companies (the same Idempotency-Key again)", () => PostIdempotentAsync(client, key), body =>
                        {
                            if (CompanyId(body) == id)
                            {
                                Interlocked.Increment(ref _replays);
                            }
                            else
                            {
                                Fail($"node {node}: the replay of an idempotent create answered another company than {id}: {body}");
                            }
                        });
                    }

                    break;
                default:
                    if (Sample() is { } stored)
                    {
                        await SendAsync(node, $"GET /companies/{stored}", () => client.GetAsync($"/companies/{stored}", CancellationToken.None),
                            _ => Interlocked.Increment(ref _reads));
                    }

                    break;
            }
        }
    }

    /// <summary>Sends one request: 200 goes to <paramref name="acknowledged"/>; 503 with Retry-After is counted; anything else, or no answer, fails.</summary>
    private async Task SendAsync(int node, string what, Func<Task<HttpResponseMessage>> send, Action<string> acknowledged)
    {
        var started = Stopwatch.StartNew();
        try
        {
            using var response = await send();
            var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    acknowledged(body);
                    break;
                case HttpStatusCode.ServiceUnavailable when response.Headers.RetryAfter is not null && body.Contains("\"statusCode\":503", StringComparison.Ordinal):
                    Interlocked.Increment(ref _unavailableByNode[node]);
                    RecordSlowest(ref _slowestUnavailableTicks, started.Elapsed);
                    await Task.Delay(100, CancellationToken.None);
                    break;
                default:
                    Fail($"node {node}: {what} answered {(int)response.StatusCode} after {started.ElapsedMilliseconds} ms: {body}");
                    break;
            }
        }
        catch (TaskCanceledException)
        {
            Fail($"node {node}: {what} had no answer within the request timeout ({started.Elapsed.TotalSeconds:0} s).");
        }
        catch (HttpRequestException exception)
        {
            Fail($"node {node}: {what} failed without an answer: {exception.Message}");
        }
    }

    private static Task<HttpResponseMessage> PostIdempotentAsync(HttpClient client, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/companies") { Content = JsonContent.Create(new { name = "failover idempotent" }) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request, CancellationToken.None);
    }

    private static Guid CompanyId(string body) => JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();

    private void Acknowledge(Guid id, int node)
    {
        lock (_gate)
        {
            _acknowledged.Add((id, node));
        }
    }

    /// <summary>A company acknowledged earlier, through either node; null before any is.</summary>
    private Guid? Sample()
    {
        lock (_gate)
        {
            return _acknowledged.Count == 0 ? null : _acknowledged[Random.Shared.Next(_acknowledged.Count)].Id;
        }
    }

    private static void RecordSlowest(ref long slowestTicks, TimeSpan elapsed)
    {
        var seen = Interlocked.Read(ref slowestTicks);
        while (elapsed.Ticks > seen && Interlocked.CompareExchange(ref slowestTicks, elapsed.Ticks, seen) != seen)
        {
            seen = Interlocked.Read(ref slowestTicks);
        }
    }

    private void Fail(string failure)
    {
        lock (_gate)
        {
            _failures.Add(failure);
        }
    }
}
