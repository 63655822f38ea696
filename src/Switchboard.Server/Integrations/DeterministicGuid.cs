using System.Security.Cryptography;
using System.Text;

namespace Switchboard.Server.Integrations;

/// <summary>Name-based (version 5, RFC 9562) GUIDs: the same name gives the same id on every install.</summary>
internal static class DeterministicGuid
{
    /// <summary>Switchboard's namespace for integration ids.</summary>
    public static readonly Guid Namespace = new("5d1b0b6e-3c1f-4c47-9f39-7f4f0c0de5b1");

    public static Guid Create(Guid namespaceId, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[16 + nameBytes.Length];
        namespaceId.TryWriteBytes(buffer, bigEndian: true, out _);
        nameBytes.CopyTo(buffer, 16);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for version 5; nothing here relies on its collision resistance.
        SHA1.HashData(buffer, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
