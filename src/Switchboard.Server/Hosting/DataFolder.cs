using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Switchboard.Server.Hosting;

/// <summary>
/// The data folder holds the database and keys, so only the server's own user may read it: Switchboard creates the
/// folder 0700 and its files 0600, and warns at start about any that other users can read. No-ops on Windows, whose
/// files inherit their folder's access list.
/// </summary>
internal static partial class DataFolder
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>SQLite's files beside the database; it creates them with the database file's permissions.</summary>
    private static readonly string[] SqliteSuffixes = ["", "-wal", "-shm", "-journal"];

    /// <summary>Creates the folder, and any missing parent, owner-only; an existing folder keeps its permissions.</summary>
    public static void Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnlyFolder);
        }
    }

    /// <summary>Options for a new file readable and writable by its owner only.</summary>
    public static FileStreamOptions NewOwnerOnlyFile(FileAccess access)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = access };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        return options;
    }

    /// <summary>
    /// Creates an empty SQLite database file owner-only, unless it exists: SQLite would create it with the default
    /// permissions (0644), and its WAL and shared-memory files after it.
    /// </summary>
    public static void CreateDatabaseFile(string path)
    {
        try
        {
            using var file = new FileStream(path, NewOwnerOnlyFile(FileAccess.Write));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Already there (another node got here first): its permissions are the operator's.
        }
    }

    /// <summary>Logs a warning for the data folder, each file in it and the SQLite files, where other users have any access.</summary>
    public static void WarnIfOthersCanRead(string dataDirectory, string? databaseFile, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var paths = new List<string>();
        if (Directory.Exists(dataDirectory))
        {
            paths.Add(dataDirectory);
            paths.AddRange(Directory.EnumerateFiles(dataDirectory));
        }

        if (databaseFile is not null)
        {
            paths.AddRange(SqliteSuffixes.Select(suffix => databaseFile + suffix).Where(File.Exists));
        }

        foreach (var path in paths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & Others) != 0)
            {
                LogOpenToOthers(logger, path, Convert.ToString((int)mode, 8).PadLeft(4, '0'), Directory.Exists(path) ? "0700" : "0600");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} is open to other users (mode {Mode}): it holds Switchboard's data, so make it {Expected} (chmod {Expected} {Path}).")]
    private static partial void LogOpenToOthers(ILogger logger, string path, string mode, string expected);
}
