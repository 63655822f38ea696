using System.Diagnostics;
using System.Globalization;
using Switchboard.Server.Tests.Processes;

namespace Switchboard.Crash;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        HarnessSettings settings;
        try
        {
            settings = HarnessSettings.Parse(args);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            await Console.Error.WriteLineAsync(HarnessSettings.Usage);
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        return await new CrashHarness(settings).RunAsync(cancellation.Token);
    }
}

/// <summary>Settings from the command line, else <c>CRASH_*</c> environment variables, else defaults (what CI runs).</summary>
internal sealed record HarnessSettings
{
    public const string Usage = """
        Usage: dotnet run --project tests/crash -c Release -- [options]
          --cycles N          kill/restart cycles (CRASH_CYCLES, default 50)
          --writers N         concurrent writers (CRASH_WRITERS, default 4)
          --seed N            random seed, to replay a run's choices (CRASH_SEED, default random)
          --min-delay-ms N    earliest kill after writes start (CRASH_MIN_DELAY_MS, default 20)
          --max-delay-ms N    latest kill after writes start (CRASH_MAX_DELAY_MS, default 300)
          --startup-kills P   percent of cycles killed during start-up instead (CRASH_STARTUP_KILLS, default 10)
          --idempotency 0|1   send Idempotency-Key on POST/PATCH and retry cut-off writes after the restart (CRASH_IDEMPOTENCY, default 1)
          --data-dir PATH     data folder to use and keep (CRASH_DATA_DIR, default a temporary one, kept on failure)
          --server-dll PATH   server to run (CRASH_SERVER_DLL, default Switchboard.Server.dll beside the harness)
        """;

    public int Cycles { get; init; } = 50;

    public int Writers { get; init; } = 4;

    public int Seed { get; init; } = Random.Shared.Next(1, 1_000_000);

    public int MinDelayMs { get; init; } = 20;

    public int MaxDelayMs { get; init; } = 300;

    public int StartupKillPercent { get; init; } = 10;

    public bool IdempotencyKeys { get; init; } = true;

    public string? DataDirectory { get; init; }

    public string? ServerDll { get; init; }

    public static HarnessSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (option, variable) in Names)
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                values[option] = value;
            }
        }

        for (var i = 0; i < args.Length; i++)
        {
            if (!Names.ContainsKey(args[i]) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Unknown option or missing value: {args[i]}");
            }

            values[args[i]] = args[++i];
        }

        var defaults = new HarnessSettings();
        var settings = new HarnessSettings
        {
            Cycles = Int(values, "--cycles", defaults.Cycles, 1),
            Writers = Int(values, "--writers", defaults.Writers, 1),
            Seed = Int(values, "--seed", defaults.Seed, 0),
            MinDelayMs = Int(values, "--min-delay-ms", defaults.MinDelayMs, 0),
            MaxDelayMs = Int(values, "--max-delay-ms", defaults.MaxDelayMs, 0),
            StartupKillPercent = Int(values, "--startup-kills", defaults.StartupKillPercent, 0),
            IdempotencyKeys = Int(values, "--idempotency", defaults.IdempotencyKeys ? 1 : 0, 0) != 0,
            DataDirectory = values.GetValueOrDefault("--data-dir"),
            ServerDll = values.GetValueOrDefault("--server-dll"),
        };
        return settings.MaxDelayMs < settings.MinDelayMs || settings.StartupKillPercent > 100
            ? throw new ArgumentException("Need min-delay-ms <= max-delay-ms and startup-kills <= 100.")
            : settings;
    }

    private static Dictionary<string, string> Names { get; } = new(StringComparer.Ordinal)
    {
        ["--cycles"] = "CRASH_CYCLES",
        ["--writers"] = "CRASH_WRITERS",
        ["--seed"] = "CRASH_SEED",
        ["--min-delay-ms"] = "CRASH_MIN_DELAY_MS",
        ["--max-delay-ms"] = "CRASH_MAX_DELAY_MS",
        ["--startup-kills"] = "CRASH_STARTUP_KILLS",
        ["--idempotency"] = "CRASH_IDEMPOTENCY",
        ["--data-dir"] = "CRASH_DATA_DIR",
        ["--server-dll"] = "CRASH_SERVER_DLL",
    };

    private static int Int(Dictionary<string, string> values, string option, int fallback, int minimum)
    {
        if (!values.TryGetValue(option, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new ArgumentException($"{option} must be a whole number of at least {minimum}, not '{text}'.");
    }
}

/// <summary>
/// The cycle: start the server on the same data folder; check through the API what the last crash left; let the
/// writers loose; SIGKILL the server after a random delay; check the file it left (read-only, nothing running).
/// A few cycles kill the server during start-up (the first one during the very first migration) instead.
/// </summary>
internal sealed class CrashHarness(HarnessSettings settings)
{
    private readonly Random _random = new(settings.Seed);
    private readonly World _world = new();
    private readonly List<string> _staleKeys = [];
    private double _startupMs = 1500;
    private int _retried;
    private int _replayed;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var dataDirectory = settings.DataDirectory ?? Path.Combine(Path.GetTempPath(), "switchboard-crash", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var sqliteFile = Path.Combine(dataDirectory, "switchboard.db");
        await using var sink = await WebhookSink.StartAsync();
        var options = ServerProcessOptions.Create(dataDirectory) with
        {
            Extra = new Dictionary<string, string>
            {
                // Nothing here sends one key twice at once, so this only shortens the wait of a retry refused as "still running".
                ["Switchboard__Idempotency__WaitForRunning"] = "00:00:01",
                // The webhook receiver is this process, on loopback.
                ["Switchboard__Webhooks__AllowPrivateNetworks"] = "true",
                ["Switchboard__Webhooks__PollInterval"] = "00:00:00.200",
                // Claims the killed server held run out 1.5 s after they were made, mostly before the restart is up.
                ["Switchboard__Webhooks__Timeout"] = "00:00:01",
                ["Switchboard__Webhooks__LeaseMargin"] = "00:00:00.500",
            },
        };
        var consumer = false;
        var total = Stopwatch.StartNew();
        Console.WriteLine($"Crash harness: {settings.Cycles} cycles, {settings.Writers} writers, SIGKILL {settings.MinDelayMs}-{settings.MaxDelayMs} ms " +
            $"into a stream of writes ({settings.StartupKillPercent}% of cycles during start-up), " +
            $"{(settings.IdempotencyKeys ? "Idempotency-Key on POST/PATCH, cut-off writes retried" : "no Idempotency-Key")}, SQLite with default settings in {dataDirectory}, seed {settings.Seed}");

        var startupKills = 0;
        var cutOff = 0;
        List<Writer> previousWriters = [];
        var checkedRows = 0L;
        ServerProcess? server = null;
        try
        {
            for (var cycle = 1; cycle <= settings.Cycles; cycle++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var duringStartup = cycle == 1 || _random.Next(100) < settings.StartupKillPercent;
                var started = Stopwatch.StartNew();
                server = ServerProcess.Launch(options, settings.ServerDll);
                string what;
                if (duringStartup)
                {
                    var delay = _random.Next(0, (int)_startupMs);
                    await Task.Delay(delay, cancellationToken);
                    if (server.HasExited)
                    {
                        return Fail(cycle, [$"The server exited by itself during start-up (code {server.ExitCode})."], server, dataDirectory);
                    }

                    server.Kill();
                    startupKills++;
                    what = $"SIGKILL {delay,4} ms into start-up";
                }
                else
                {
                    try
                    {
                        await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);
                    }
                    catch (ServerProcessException) when (server.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                    {
                        // Another program took the free port between choosing it and the server binding it: not the server's fault.
                        await server.DisposeAsync();
                        server = await ServerProcess.StartAsync(options, TimeSpan.FromSeconds(60), settings.ServerDll);
                    }
                    catch (ServerProcessException exception)
                    {
                        return Fail(cycle, ["The server did not come back after the crash: " + exception.Message], null, dataDirectory);
                    }

                    var startupMs = started.ElapsedMilliseconds;
                    _startupMs = (0.7 * _startupMs) + (0.3 * startupMs);
                    using var client = server.CreateClient(options.BootstrapApiKey, TimeSpan.FromSeconds(30));
                    if (!consumer)
                    {
                        // Before the first write, so every change has its event.
                        using var created = await client.PostAsync("/webhooks", new StringContent(
                            $$"""{"url":"{{sink.Url}}","eventTypes":["{{string.Join("\",\"", WebhookEvent.Types)}}"]}""", System.Text.Encoding.UTF8, "application/json"));
                        if (created.StatusCode != System.Net.HttpStatusCode.Created)
                        {
                            return Fail(cycle, [$"POST /webhooks answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}"], server, dataDirectory);
                        }

                        consumer = true;
                    }

                    var retryFailures = await RetryCutOffWritesAsync(previousWriters, client);
                    previousWriters = [];
                    if (retryFailures.Count > 0)
                    {
                        return Fail(cycle, ["A write cut off by the kill could not be retried safely with its Idempotency-Key:", .. retryFailures], server, dataDirectory);
                    }

                    var apiFailures = await ApiCheck.RunAsync(client, _world, _random);
                    if (apiFailures.Count > 0)
                    {
                        return Fail(cycle, ["After the restart, the API disagrees with what was acknowledged:", .. apiFailures], server, dataDirectory);
                    }

                    var waited = Stopwatch.StartNew();
                    var webhookFailures = await WaitForEventsAsync(sink);
                    waited.Stop();
                    if (webhookFailures.Count > 0)
                    {
                        return Fail(cycle, ["After the restart, the webhook receiver disagrees with what was acknowledged:", .. webhookFailures], server, dataDirectory);
                    }

                    var writers = Enumerable.Range(0, settings.Writers)
                        .Select(i => new Writer(i, cycle, _world, new Random(_random.Next()), settings.IdempotencyKeys))
                        .ToList();
                    previousWriters = writers;
                    var running = writers.Select(w => Task.Run(() => w.RunAsync(client), CancellationToken.None)).ToArray();

                    // The first requests after a start wait for the JIT; count the delay from when writes flow.
                    var warming = Stopwatch.StartNew();
                    while (writers.Sum(w => w.Acknowledged) < settings.Writers && !running.Any(t => t.IsCompleted) && warming.Elapsed < TimeSpan.FromSeconds(10))
                    {
                        await Task.Delay(2, cancellationToken);
                    }

                    var delay = _random.Next(settings.MinDelayMs, settings.MaxDelayMs + 1);
                    await Task.Delay(delay, cancellationToken);
                    server.Kill();
                    try
                    {
                        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
                    }
                    catch (TimeoutException)
                    {
                        return Fail(cycle, ["A writer was still waiting for an answer 60 s after the server was killed."], server, dataDirectory);
                    }

                    var writerFailures = writers.Select(w => w.Failure).OfType<string>().ToList();
                    if (writerFailures.Count > 0)
                    {
                        return Fail(cycle, ["The server refused or contradicted a valid write:", .. writerFailures], server, dataDirectory);
                    }

                    var inFlight = writers.Count(w => w.InFlight is not null);
                    cutOff += inFlight;
                    what = $"up in {startupMs,4} ms, events in {waited.ElapsedMilliseconds,4} ms, SIGKILL {delay,4} ms into writes: {writers.Sum(w => w.Acknowledged),4} acknowledged, {inFlight} cut off" +
                        (_staleKeys.Count > 0 ? $" ({_staleKeys.Count} retries refused so far)" : string.Empty);
                }

                await server.DisposeAsync();
                server = null;
                var check = DatabaseCheck.Run(sqliteFile, _world, consumer);
                if (check.Failures.Count > 0)
                {
                    return Fail(cycle, ["The database the killed server left behind is wrong:", .. check.Failures], null, dataDirectory);
                }

                checkedRows += check.Companies + check.Connections;
                Console.WriteLine($"cycle {cycle,4}/{settings.Cycles}  {what}; file ok, {check.Companies} companies, {check.Connections} connections, {check.Events} events match");
            }

            // A last restart: the last retries, everything through the API, then a graceful stop, and the file once more.
            server = await ServerProcess.StartAsync(options, TimeSpan.FromSeconds(60), settings.ServerDll);
            foreach (var company in _world.Companies)
            {
                company.Touched = true;
            }

            using (var client = server.CreateClient(options.BootstrapApiKey, TimeSpan.FromSeconds(30)))
            {
                var finalFailures = await RetryCutOffWritesAsync(previousWriters, client);
                finalFailures.AddRange(await ApiCheck.RunAsync(client, _world, _random));
                finalFailures.AddRange(await WaitForEventsAsync(sink));
                if (finalFailures.Count > 0)
                {
                    return Fail(settings.Cycles + 1, ["After the last restart, retries, replays or the API disagree with what was acknowledged:", .. finalFailures], server, dataDirectory);
                }
            }

            var exitCode = await server.StopAsync(TimeSpan.FromSeconds(30));
            var last = DatabaseCheck.Run(sqliteFile, _world, consumer);
            if (exitCode != 0 || last.Failures.Count > 0)
            {
                return Fail(settings.Cycles + 1, [$"Graceful stop exited {exitCode}.", .. last.Failures], server, dataDirectory);
            }

            await server.DisposeAsync();
            server = null;
            var companies = _world.Companies.Count(c => c.IsLive);
            var summary =
                $"{settings.Cycles} SIGKILL cycles ({startupKills} during start-up) in {total.Elapsed.TotalSeconds:0} s; " +
                $"{_world.Acknowledged} acknowledged writes all verified after restart ({cutOff} more cut off by the kill, found applied or not, never half" +
                (settings.IdempotencyKeys ? $"; {_retried} of them retried with their Idempotency-Key, {_retried - _staleKeys.Count} acting exactly once" : string.Empty) + "); " +
                (settings.IdempotencyKeys ? $"{_replayed} acknowledged keyed writes replayed after a restart; " : string.Empty) +
                $"{checkedRows} rows checked; integrity_check ok and foreign_key_check empty after every kill; " +
                $"{sink.Received.Count} webhook events received ({sink.Deliveries} deliveries), one for each committed change and none for another; " +
                $"{companies} companies remain. Seed {settings.Seed}.";
            if (_staleKeys.Count > 0)
            {
                Console.WriteLine("Everything but the retries passed: " + summary);
                return Fail(settings.Cycles, [
                    $"{_staleKeys.Count} of {_retried} writes cut off by a kill, retried after the restart with the same Idempotency-Key, were refused " +
                    "with 409 'still being processed': the crash left the key claimed by a request that no longer runs, and the server keeps " +
                    "refusing it until the key expires (90 minutes by default). The first of them:",
                    .. _staleKeys.Take(5)], null, dataDirectory);
            }

            Console.WriteLine("Crash harness PASSED: " + summary);
            if (settings.DataDirectory is null)
            {
                Directory.Delete(dataDirectory, recursive: true);
            }

            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.WriteLine($"Interrupted; data folder left at {dataDirectory}");
            return 130;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Clients retry what the crash cut off, with the same Idempotency-Key, all at once. A 409 "still being processed"
    /// is collected (the run goes on, the model is unchanged by a refused write); anything else stops the run.
    /// </summary>
    private async Task<List<string>> RetryCutOffWritesAsync(List<Writer> writers, HttpClient client)
    {
        var replaying = writers.Where(w => w.CanReplay).ToList();
        _replayed += replaying.Count;
        var replays = await Task.WhenAll(replaying.Select(w => w.ReplayLastAcknowledgedAsync(client)));
        var retrying = writers.Where(w => w.CanRetry).ToList();
        _retried += retrying.Count;
        var outcomes = await Task.WhenAll(retrying.Select(w => w.RetryCutOffAsync(client)));
        foreach (var connection in _world.Companies.SelectMany(c => c.Connections))
        {
            connection.FoundAfterCutOff = false;
        }

        _staleKeys.AddRange(outcomes.Where(o => o.Stale).Select(o => o.Failure!));
        return [.. replays.OfType<string>(), .. outcomes.Where(o => o is { Failure: not null, Stale: false }).Select(o => o.Failure!)];
    }

    /// <summary>
    /// After a restart (retries done, nothing writing): every committed change's event reaches the receiver, which the
    /// restarted server sends if the killed one had not; none arrives for a change that did not commit. Waits up to 30 s.
    /// </summary>
    private async Task<List<string>> WaitForEventsAsync(WebhookSink sink)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var failures = WebhookCheck.Run(_world, sink.Received, "receiver", all: true);
            if (failures.Count == 0 || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                return failures;
            }

            await Task.Delay(20);
        }
    }

    private int Fail(int cycle, IEnumerable<string> failures, ServerProcess? server, string dataDirectory)
    {
        Console.WriteLine($"Crash harness FAILED in cycle {cycle} (seed {settings.Seed}); data folder kept at {dataDirectory}");
        foreach (var failure in failures.Take(40))
        {
            Console.WriteLine("  " + failure);
        }

        if (server is not null)
        {
            var lines = server.Output.Split('\n');
            Console.WriteLine("Last server output:");
            Console.WriteLine(string.Join('\n', lines.TakeLast(60)));
        }

        return 1;
    }
}
