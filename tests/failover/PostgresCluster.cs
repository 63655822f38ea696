using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Switchboard.Failover;

/// <summary>
/// One PostgreSQL server of Debian's packages on loopback, in its own folder, driven with its own tools (initdb,
/// pg_basebackup, pg_ctl). As root it runs them as the <c>postgres</c> user, since PostgreSQL refuses to run as root.
/// </summary>
internal sealed class PostgresCluster
{
    private readonly string _bin;
    private readonly string _root;

    private PostgresCluster(string bin, string root, string name, int port)
    {
        _bin = bin;
        _root = root;
        Name = name;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    public string DataDirectory => Path.Combine(_root, Name);

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false;Timeout=5";

    /// <summary>A new primary: synchronous commit waits for any one standby, so an acknowledged commit is on two servers.</summary>
    public static async Task<PostgresCluster> CreatePrimaryAsync(string root)
    {
        var cluster = new PostgresCluster(FindBin(), root, "primary", FreePort());
        await cluster.RunAsync("initdb", "-D", cluster.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale");
        await File.AppendAllTextAsync(Path.Combine(cluster.DataDirectory, "postgresql.conf"), """

            wal_level = replica
            max_wal_senders = 5
            synchronous_standby_names = '*'
            synchronous_commit = on
            max_connections = 200
            """);
        return cluster;
    }

    /// <summary>A standby streaming from <paramref name="primary"/>, cloned from it while it runs.</summary>
    public static async Task<PostgresCluster> CreateStandbyAsync(string root, PostgresCluster primary)
    {
        var standby = new PostgresCluster(primary._bin, root, "standby", FreePort());
        await standby.RunAsync("pg_basebackup", "-h", "127.0.0.1", "-p", primary.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres",
            "-D", standby.DataDirectory, "-R", "-X", "stream");
        return standby;
    }

    public Task StartAsync() => RunAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_root, Name + ".log"), "-w", "-t", "60",
        "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1", "start");

    /// <summary>Stops at once, as a crash of the machine would for its clients (no shutdown checkpoint, connections cut).</summary>
    public Task StopImmediatelyAsync() => RunAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "stop");

    public Task PromoteAsync() => RunAsync("pg_ctl", "-D", DataDirectory, "-w", "promote");

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<HashSet<Guid>> CompanyIdsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM companies", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new HashSet<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    public string Log => File.Exists(Path.Combine(_root, Name + ".log")) ? File.ReadAllText(Path.Combine(_root, Name + ".log")) : "";

    /// <summary>Gives the folder to the user the servers run as (when started as root).</summary>
    public static void PrepareRoot(string root)
    {
        if (Environment.UserName == "root")
        {
            Run("chown", "postgres", root).Wait();
        }
    }

    private Task RunAsync(string tool, params string[] arguments) => Run(Path.Combine(_bin, tool), arguments);

    private static async Task Run(string program, params string[] arguments)
    {
        var info = Environment.UserName == "root" && program != "chown"
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", program, .. arguments])
            : new ProcessStartInfo(program, arguments);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await output}\n{await error}");
        }
    }

    private static string FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")))
              ?? throw new InvalidOperationException("PostgreSQL is not installed (scripts/postgres.sh installs it).")
            : throw new InvalidOperationException("PostgreSQL is not installed (scripts/postgres.sh installs it).");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
