using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Switchboard.Bench.Seeder;

internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Options(values);
    }

    public string Require(string name) =>
        values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");

    public string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);
}

internal enum Status : byte
{
    PendingAuth,
    Linked,
    Unlinked,
    Deauthorized,
}

/// <summary>An integration of the built-in catalogue, with the ids the server derives from its key.</summary>
internal sealed record Integration(string Key, string Name, string SourceType, string[] AuthorizationKeys, int Weight)
{
    private static readonly Guid Namespace = new("5d1b0b6e-3c1f-4c47-9f39-7f4f0c0de5b1");

    public Guid IntegrationId { get; } = DeterministicGuid(Namespace, "integration:" + Key);
    public Guid SourceId { get; } = DeterministicGuid(Namespace, "source:" + Key);

    /// <summary>A mix like a real tenant's: mostly accounting, some banking and commerce.</summary>
    public static readonly Integration[] Mix =
    [
        new("mqjo", "Sandbox", "Accounting", [], 20),
        new("gbol", "Xero", "Accounting", ["accessToken", "refreshToken"], 20),
        new("qhyg", "QuickBooks Online", "Accounting", ["accessToken", "refreshToken"], 15),
        new("akxx", "Oracle NetSuite", "Accounting", ["accessToken", "refreshToken"], 5),
        new("suuo", "Plaid", "Banking", ["accessToken", "refreshToken"], 10),
        new("upvr", "TrueLayer", "Banking", ["accessToken", "refreshToken"], 5),
        new("fztf", "Shopify", "Commerce", ["accessToken", "refreshToken"], 10),
        new("zsth", "Square", "Commerce", ["accessToken", "refreshToken"], 5),
        new("exgd", "Stripe", "Commerce", ["apiKey"], 10),
    ];

    /// <summary>RFC 9562 version 5, as Switchboard's <c>DeterministicGuid</c> makes integration and source ids.</summary>
    private static Guid DeterministicGuid(Guid namespaceId, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[16 + nameBytes.Length];
        namespaceId.TryWriteBytes(buffer, bigEndian: true, out _);
        nameBytes.CopyTo(buffer, 16);
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for version 5 (and what the server uses).
        var hash = SHA1.HashData(buffer);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}

internal sealed class CompanyRow
{
    public Guid Id;
    public required string Name;
    public string? Description;
    /// <summary>The company's tags: rows of <c>company_tags</c>, or a JSON <c>tags</c> column in older schemas.</summary>
    public required KeyValuePair<string, string>[] Tags;

    public string TagsJson => "{" + string.Join(",", Tags.Select(t => $"\"{t.Key}\":\"{t.Value}\"")) + "}";
    public DateTime Created;
}

internal sealed class ConnectionRow
{
    public Guid Id;
    public Guid CompanyId;
    public required Integration Integration;
    public Status Status;
    public DateTime Created;
    public DateTime Modified;
    public DateTime? LastSync;
    public long Version;
    public string? CredentialKeyId;
    public byte[]? Credentials;
    public required string AuthorizationKeys;
    public DateTime? Authorized;
    public required string Errors;
}

/// <summary>Makes the rows: ~10 connections per company (5–15), mixed platforms and statuses, ids and times like the API's.</summary>
internal sealed class Generator
{
    private readonly Random _random;
    private readonly Guid _tenantId;
    private readonly AesGcm _aes;
    private readonly string _keyId;
    private readonly int[] _weights;
    private readonly DateTime _start;
    private readonly TimeSpan _companySpacing;

    public Generator(int seed, Guid tenantId, byte[] encryptionKey, int expectedCompanies)
    {
        _random = new Random(seed);
        _tenantId = tenantId;
        _aes = new AesGcm(encryptionKey, 16);
        _keyId = Convert.ToHexStringLower(SHA256.HashData(encryptionKey).AsSpan(0, 8));
        _weights = [.. Integration.Mix.Select(i => i.Weight)];
        // Companies created over the last ~13 months, oldest first; the newest a month ago.
        var now = DateTime.UtcNow;
        _start = now.AddDays(-400);
        _companySpacing = TimeSpan.FromTicks((now.AddDays(-30) - _start).Ticks / Math.Max(1, expectedCompanies));
    }

    public (CompanyRow Company, List<ConnectionRow> Connections) Next(int index, int count)
    {
        var created = _start + _companySpacing * index + TimeSpan.FromMilliseconds(_random.Next(1000));
        var company = new CompanyRow
        {
            Id = Guid.CreateVersion7(created),
            Name = string.Create(CultureInfo.InvariantCulture, $"Bench Company {index + 1}"),
            Description = _random.Next(3) == 0 ? "Seeded by bench/Seeder" : null,
            Tags = _random.Next(10) == 0 ? [new("segment", "smb")] : [],
            Created = created,
        };
        var connections = new List<ConnectionRow>(count);
        for (var j = 0; j < count; j++)
        {
            connections.Add(NextConnection(company, created.AddMinutes(7 * (j + 1)).AddSeconds(_random.Next(60))));
        }

        return (company, connections);
    }

    private ConnectionRow NextConnection(CompanyRow company, DateTime created)
    {
        var integration = Integration.Mix[Pick(_weights)];
        var roll = _random.Next(100);
        var status = roll < 45 ? Status.Linked : roll < 70 ? Status.PendingAuth : roll < 90 ? Status.Unlinked : Status.Deauthorized;
        var id = Guid.CreateVersion7(created);
        var row = new ConnectionRow
        {
            Id = id,
            CompanyId = company.Id,
            Integration = integration,
            Status = status,
            Created = created,
            Modified = created,
            Version = 1,
            AuthorizationKeys = "[]",
            Errors = "[]",
        };
        if (status == Status.PendingAuth)
        {
            return row;
        }

        var authorized = created.AddMinutes(5 + _random.Next(600));
        row.Authorized = authorized;
        row.Modified = authorized;
        row.Version = 2;
        row.AuthorizationKeys = "[" + string.Join(",", integration.AuthorizationKeys.Order(StringComparer.Ordinal).Select(k => $"\"{k}\"")) + "]";
        row.LastSync = _random.Next(5) == 0 ? null : authorized.AddHours(1 + _random.Next(72));
        if (status != Status.Unlinked)
        {
            row.CredentialKeyId = _keyId;
            row.Credentials = Protect(integration, company.Id, id);
        }

        if (status == Status.Unlinked)
        {
            row.Modified = authorized.AddDays(1 + _random.Next(20));
            row.Version = 3;
        }
        else if (status == Status.Deauthorized)
        {
            var errored = authorized.AddDays(1 + _random.Next(20));
            row.Modified = errored;
            row.Version = 3;
            row.Errors = "[{\"statusCode\":\"401\",\"statusText\":\"Unauthorized\",\"errorMessage\":\"The platform revoked this connection's access.\",\"erroredOnUtc\":\"" +
                errored.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "\"}]";
        }

        return row;
    }

    /// <summary>As Switchboard's <c>CredentialProtector.Protect</c>: nonce (12) | tag (16) | AES-256-GCM ciphertext, bound to the row.</summary>
    private byte[] Protect(Integration integration, Guid companyId, Guid connectionId)
    {
        var json = "{" + string.Join(",", integration.AuthorizationKeys.Select(k => $"\"{k}\":\"bench-{k}-{_random.Next():x8}{_random.Next():x8}\"")) + "}";
        var plaintext = Encoding.UTF8.GetBytes(json);
        var blob = new byte[12 + 16 + plaintext.Length];
        RandomNumberGenerator.Fill(blob.AsSpan(0, 12));
        var associated = Encoding.ASCII.GetBytes($"switchboard/credentials/v1|{_tenantId:N}|{companyId:N}|{connectionId:N}");
        _aes.Encrypt(blob.AsSpan(0, 12), plaintext, blob.AsSpan(28), blob.AsSpan(12, 16), associated);
        return blob;
    }

    public int NextCount() => 5 + _random.Next(11);

    private int Pick(int[] weights)
    {
        var roll = _random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    public void Shuffle<T>(List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

