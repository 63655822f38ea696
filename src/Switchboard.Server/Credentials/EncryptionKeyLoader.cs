using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Switchboard.Server.Configuration;
using Switchboard.Server.Hosting;

namespace Switchboard.Server.Credentials;

/// <summary>
/// Finds the credential encryption key: <c>Switchboard:EncryptionKey</c>, else <c>Switchboard:EncryptionKeyFile</c>,
/// else, in Development only, a key generated once into the data folder with owner-only permissions.
/// Outside Development a missing key stops the server with instructions.
/// </summary>
internal static partial class EncryptionKeyLoader
{
    public const string GeneratedKeyFileName = "encryption.key";

    public static EncryptionKeyRing Load(SwitchboardOptions options, IHostEnvironment environment, ILogger logger)
    {
        var previous = options.EncryptionKeys.Previous.Select((key, i) => Decode(key, $"Switchboard:EncryptionKeys:Previous:{i}")).ToList();
        if (!string.IsNullOrWhiteSpace(options.EncryptionKey))
        {
            return new EncryptionKeyRing(Decode(options.EncryptionKey, "Switchboard:EncryptionKey"), previous);
        }

        if (!string.IsNullOrWhiteSpace(options.EncryptionKeyFile))
        {
            if (!File.Exists(options.EncryptionKeyFile))
            {
                throw new StartupException($"Switchboard:EncryptionKeyFile points to '{options.EncryptionKeyFile}', which does not exist.");
            }

            // The first line is the current key; any further lines are previous keys.
            var lines = File.ReadAllLines(options.EncryptionKeyFile).Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
            if (lines.Count == 0)
            {
                throw new StartupException($"Switchboard:EncryptionKeyFile '{options.EncryptionKeyFile}' is empty.");
            }

            var source = "Switchboard:EncryptionKeyFile";
            return new EncryptionKeyRing(Decode(lines[0], source), [.. lines.Skip(1).Select(l => Decode(l, source)), .. previous]);
        }

        if (!environment.IsDevelopment())
        {
            throw new StartupException(
                "No credentials encryption key is configured. Set Switchboard__EncryptionKey to a base64 32-byte key " +
                "(for example: openssl rand -base64 32), or Switchboard__EncryptionKeyFile to a file holding one. " +
                "Every server node of one database needs the same key.");
        }

        var path = Path.Combine(Path.GetFullPath(options.DataDirectory), GeneratedKeyFileName);
        if (File.Exists(path))
        {
            return new EncryptionKeyRing(Decode(File.ReadAllText(path), path), previous);
        }

        DataFolder.Create(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(EncryptionKey.SizeInBytes);
        using (var writer = new StreamWriter(new FileStream(path, DataFolder.NewOwnerOnlyFile(FileAccess.Write))))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        LogGeneratedKey(logger, path);
        return new EncryptionKeyRing(key, previous);
    }

    private static byte[] Decode(string base64, string source)
    {
        try
        {
            var key = Convert.FromBase64String(base64.Trim());
            if (key.Length == EncryptionKey.SizeInBytes)
            {
                return key;
            }
        }
        catch (FormatException)
        {
        }

        throw new StartupException($"{source} must be the base64 encoding of exactly {EncryptionKey.SizeInBytes} bytes (for example: openssl rand -base64 32).");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No encryption key configured: generated one at {Path} (Development only). Back it up: credentials stored with it cannot be read without it. Set Switchboard__EncryptionKey in production.")]
    private static partial void LogGeneratedKey(ILogger logger, string path);
}
