using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Switchboard.Server.Tests.Processes;

/// <summary>
/// How to start one server process: the settings an operator gives through the environment. Nodes of one deployment
/// share the data folder (SQLite), the bootstrap key and the encryption key.
/// </summary>
public sealed record ServerProcessOptions
{
    public required string DataDirectory { get; init; }

    public required string BootstrapApiKey { get; init; }

    /// <summary>Base64 of 32 bytes.</summary>
    public required string EncryptionKey { get; init; }

    /// <summary>PostgreSQL connection string; null for the default SQLite file in the data folder.</summary>
    public string? PostgresConnectionString { get; init; }

    public string Environment { get; init; } = "Production";

    /// <summary>More environment variables (configuration names with <c>__</c>), or overrides of the ones above.</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    /// <summary>Fresh random keys for a deployment whose data lives in <paramref name="dataDirectory"/>.</summary>
    public static ServerProcessOptions Create(string dataDirectory, string? postgresConnectionString = null) => new()
    {
        DataDirectory = dataDirectory,
        BootstrapApiKey = "proc_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        PostgresConnectionString = postgresConnectionString,
    };

    public Dictionary<string, string> ToEnvironment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = Environment,
            ["Switchboard__DataDirectory"] = DataDirectory,
            ["Switchboard__BootstrapApiKey"] = BootstrapApiKey,
            ["Switchboard__EncryptionKey"] = EncryptionKey,
            ["Switchboard__RateLimits__Enabled"] = "false",
        };
        if (PostgresConnectionString is not null)
        {
            variables["Switchboard__Database__Provider"] = "Postgres";
            variables["ConnectionStrings__Switchboard"] = PostgresConnectionString;
        }

        foreach (var (name, value) in Extra)
        {
            variables[name] = value;
        }

        return variables;
    }
}

/// <summary>The server exited (or never answered) while a caller waited for it to serve.</summary>
public sealed class ServerProcessException(string message) : Exception(message);

/// <summary>
/// The built server as a real child process, started the way an operator starts it
/// (<c>dotnet Switchboard.Server.dll --urls http://127.0.0.1:port</c>, configured by environment variables), with
/// its standard output and error captured. It can be stopped gracefully (SIGTERM) or killed (SIGKILL, with any
/// children); disposing always kills it.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int StartAttempts = 3;

    /// <summary>Inherited variables that would configure the child behind the test's back; removed before the start.</summary>
    private static readonly string[] ScrubbedPrefixes = ["Switchboard__", "ConnectionStrings__", "ASPNETCORE_", "DOTNET_ENVIRONMENT", "DOTNET_URLS"];

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary><c>Switchboard.Server.dll</c> beside the running assembly (projects that reference the server get it copied).</summary>
    public static string DefaultServerDll => Path.Combine(AppContext.BaseDirectory, "Switchboard.Server.dll");

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string StandardOutput
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Everything the process wrote, for failure messages.</summary>
    public string Output => $"--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";

    /// <summary>Starts the process and returns at once, without waiting for it to serve.</summary>
    public static ServerProcess Launch(ServerProcessOptions options, string? serverDll = null)
    {
        serverDll ??= DefaultServerDll;
        if (!File.Exists(serverDll))
        {
            throw new FileNotFoundException($"The server is not built at {serverDll}.", serverDll);
        }

        var port = FreeLoopbackPort();
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
        };
        info.ArgumentList.Add(serverDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var name in info.Environment.Keys.Where(n => ScrubbedPrefixes.Any(p => n.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in options.ToEnvironment())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ServerProcess(process, port);
        process.OutputDataReceived += (_, e) => server.Append(server._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(server._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Starts the process and waits until it answers HTTP; retries on another port if the chosen one was taken meanwhile.</summary>
    public static async Task<ServerProcess> StartAsync(ServerProcessOptions options, TimeSpan? timeout = null, string? serverDll = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(options, serverDll);
            try
            {
                await server.WaitUntilReadyAsync(timeout ?? TimeSpan.FromSeconds(60));
                return server;
            }
            catch (ServerProcessException) when (attempt < StartAttempts && server.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Polls until the server answers any HTTP request; throws if it exits first or the time runs out.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(CancellationToken.None); // drains the captured output
                throw new ServerProcessException($"The server exited with code {_process.ExitCode} before it answered.\n{Output}");
            }

            try
            {
                // Unauthenticated: any answer (401) means Kestrel listens, and the database initializer ran before it. The
                // answer counts only once this process has said it listens on the port: the port was free when chosen,
                // and another test's server that took it meanwhile would answer too (this one then exits, unable to bind).
                using var response = await client.GetAsync("/companies", cancellationToken);
                if (StandardOutput.Contains($"Now listening on: {BaseAddress.AbsoluteUri.TrimEnd('/')}", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (deadline.Elapsed > timeout)
            {
                Kill();
                throw new ServerProcessException($"The server did not answer within {timeout.TotalSeconds:0} s.\n{Output}");
            }

            await Task.Delay(25, cancellationToken);
        }
    }

    /// <summary>Waits for the process to exit on its own; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new ServerProcessException($"The server did not exit within {timeout.TotalSeconds:0} s.\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGKILL to the process and its children, as a crash or the OOM killer would; returns once it is gone.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        _process.WaitForExit();
    }

    /// <summary>SIGTERM (what a service manager or <c>docker stop</c> sends), then waits; kills it if it does not stop in time.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        if (!_process.HasExited)
        {
            using var signal = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            {
                UseShellExecute = false,
            })!;
            await signal.WaitForExitAsync();
        }

        try
        {
            return await WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (ServerProcessException)
        {
            Kill();
            throw;
        }
    }

    public HttpClient CreateClient(string? apiKey, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(apiKey)));
        }

        return client;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The dotnet host running the tests (the CLI tells child processes where it is), else the one on PATH.</summary>
    private static string DotnetHost() =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            target.AppendLine(line);
        }
    }
}
