using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Switchboard.Bench.RefresherLoad;

/// <summary>
/// Linked OAuth 2.0 connections of one platform, ten to a company, in one tenant, each holding a token set sealed as
/// Switchboard's <c>CredentialProtector</c> seals it (AES-256-GCM, bound to tenant, company and connection). Their
/// scheduled refresh times are spread evenly from <c>backlog</c> ago over <c>spread</c> (30-minute tokens in a steady
/// state come due evenly), and each token expires 5 minutes after its refresh time, as the server schedules them.
/// </summary>
internal static class TokenSeeder
{
    private static readonly Guid Tenant = new("00000000-0000-7000-8000-000000000003");

    public static async Task SeedAsync(string connectionString, int rows, byte[] key, string platform, TimeSpan backlog, TimeSpan spread)
    {
        var clock = Stopwatch.StartNew();
        using var aes = new AesGcm(key, 16);
        var keyId = Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));
        var now = DateTime.UtcNow;
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var db = await source.OpenConnectionAsync();
        await using (var tenant = new NpgsqlCommand("INSERT INTO tenants (id, name, created) VALUES (@id, 'refresher-simulation', now())", db))
        {
            tenant.Parameters.AddWithValue("id", Tenant);
            await tenant.ExecuteNonQueryAsync();
        }

        var companies = new Guid[(rows + 9) / 10];
        await using (var copy = await db.BeginBinaryImportAsync("COPY companies (id, tenant_id, name, created, modified, version) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < companies.Length; i++)
            {
                companies[i] = Guid.CreateVersion7();
                await copy.WriteRowAsync(default, companies[i], Tenant, $"Company {i + 1}", now, now, 1L);
            }

            await copy.CompleteAsync();
        }

        var integrationId = Guid.NewGuid();
        var sourceId = Guid.NewGuid();
        await using (var copy = await db.BeginBinaryImportAsync(
            "COPY connections (id, tenant_id, company_id, integration_key, integration_id, source_id, source_type, platform_name, status, created, modified, " +
            "version, authorization_version, credentials, credential_key_id, authorization_keys, errors, token_expires, refresh_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var k = 0; k < rows; k++)
            {
                var id = Guid.CreateVersion7();
                var company = companies[k / 10];
                var refreshAt = now - backlog + spread * ((double)k / rows);
                var expires = refreshAt + TimeSpan.FromMinutes(5);
                var tokens = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["accessToken"] = "access-" + id.ToString("N"),
                    ["refreshToken"] = "refresh-" + id.ToString("N"),
                    ["tokenType"] = "Bearer",
                    ["expiresAt"] = expires.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                await copy.StartRowAsync();
                await copy.WriteAsync(id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(Tenant, NpgsqlDbType.Uuid);
                await copy.WriteAsync(company, NpgsqlDbType.Uuid);
                await copy.WriteAsync(platform, NpgsqlDbType.Text);
                await copy.WriteAsync(integrationId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(sourceId, NpgsqlDbType.Uuid);
                await copy.WriteAsync("Accounting", NpgsqlDbType.Text);
                await copy.WriteAsync("Refresher Simulation", NpgsqlDbType.Text);
                await copy.WriteAsync("Linked", NpgsqlDbType.Text);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(2L, NpgsqlDbType.Bigint);
                await copy.WriteAsync(2L, NpgsqlDbType.Bigint);
                await copy.WriteAsync(Seal(aes, tokens, company, id), NpgsqlDbType.Bytea);
                await copy.WriteAsync(keyId, NpgsqlDbType.Text);
                await copy.WriteAsync("[\"accessToken\",\"refreshToken\"]", NpgsqlDbType.Text);
                await copy.WriteAsync("[]", NpgsqlDbType.Text);
                await copy.WriteAsync(expires, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(refreshAt, NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        await using (var analyze = new NpgsqlCommand("ANALYZE", db))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        Console.WriteLine($"seeded {rows} connections in {companies.Length} companies in {clock.Elapsed.TotalSeconds:0} s; due now: {(int)(rows * backlog / spread)}");
    }

    /// <summary>As Switchboard's <c>CredentialProtector.Protect</c>: nonce (12) | tag (16) | AES-256-GCM ciphertext of the JSON map, bound to the row.</summary>
    private static byte[] Seal(AesGcm aes, Dictionary<string, string> credentials, Guid company, Guid connection)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(credentials);
        var blob = new byte[12 + 16 + plaintext.Length];
        RandomNumberGenerator.Fill(blob.AsSpan(0, 12));
        var associated = Encoding.ASCII.GetBytes($"switchboard/credentials/v1|{Tenant:N}|{company:N}|{connection:N}");
        aes.Encrypt(blob.AsSpan(0, 12), plaintext, blob.AsSpan(28), blob.AsSpan(12, 16), associated);
        return blob;
    }
}
