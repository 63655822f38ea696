using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Hosting;

/// <summary>
/// The data folder holds the database and the generated keys: a server creates it 0700 with 0600 files, and warns at
/// start about a folder or file there that other users can read. Unix only (Windows files take their folder's ACL).
/// </summary>
public sealed class DataFolderPermissionTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _parent = Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N"));

    private string DataDirectory => Path.Combine(_parent, "data");

    [Fact]
    public async Task Start_WithANewDataFolder_CreatesItOwnerOnlyWithOwnerOnlyFiles()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // No encryption key configured: Development generates one into the data folder, on either database.
        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Switchboard:DataDirectory"] = DataDirectory,
            ["Switchboard:EncryptionKey"] = string.Empty,
        });
        await server.Client.CreateCompanyIdAsync();

        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(DataDirectory));
        var files = Directory.GetFiles(DataDirectory).Select(Path.GetFileName).ToList();
        Assert.Contains("encryption.key", files);
        if (!TestBackend.IsPostgres)
        {
            Assert.Contains("switchboard.db", files);
            Assert.Contains("switchboard.db-wal", files);
            Assert.Contains("switchboard.db-shm", files);
        }

        foreach (var file in Directory.GetFiles(DataDirectory))
        {
            Assert.True(File.GetUnixFileMode(file) == OwnerOnlyFile, $"{file} has mode {File.GetUnixFileMode(file)}.");
        }

        Assert.DoesNotContain(server.Logs.Lines, line => line.Contains("open to other users", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_WithADataFolderOthersCanRead_WarnsNamingTheFolderAndTheFile()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var open = UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        Directory.CreateDirectory(DataDirectory, OwnerOnlyFolder | open | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var database = Path.Combine(DataDirectory, "switchboard.db");
        await using (File.Create(database))
        {
        }

        File.SetUnixFileMode(database, OwnerOnlyFile | open);

        await using var server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?> { ["Switchboard:DataDirectory"] = DataDirectory });

        var warnings = server.Logs.Lines.Where(line => line.StartsWith("Warning", StringComparison.Ordinal)).ToList();
        Assert.Contains(warnings, line => line.Contains($"{DataDirectory} is open to other users (mode 0755)", StringComparison.Ordinal));
        Assert.Contains(warnings, line => line.Contains($"{database} is open to other users (mode 0644)", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_parent))
        {
            Directory.Delete(_parent, recursive: true);
        }
    }
}
