using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Credentials;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Credentials;

/// <summary>
/// The encryption of stored credentials, as the running server has it configured: AES-GCM with a fresh nonce
/// each time, bound to its row (tenant, company, connection), so ciphertext moved to another row does not decrypt.
/// </summary>
public sealed class CredentialProtectorTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly Dictionary<string, string> Map = new(StringComparer.Ordinal) { ["accessToken"] = "a-value", ["refreshToken"] = "r-value", ["ünïcode"] = "✓ 🔑" };

    private readonly CredentialProtector _protector = shared.Server.Services.GetRequiredService<CredentialProtector>();
    private readonly CredentialScope _scope = new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

    public static TheoryData<string> OtherScopes => ["tenant", "company", "connection", "all swapped"];

    [Fact]
    public void ProtectThenUnprotect_SameScope_RoundTrips()
    {
        var blob = _protector.Protect(Map, _scope);

        var back = _protector.Unprotect(blob, _protector.CurrentKeyId, _scope);

        Assert.Equal(Map.OrderBy(p => p.Key, StringComparer.Ordinal), back.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void ProtectThenUnprotect_EmptyMap_RoundTrips()
    {
        var blob = _protector.Protect(new Dictionary<string, string>(), _scope);

        Assert.Empty(_protector.Unprotect(blob, _protector.CurrentKeyId, _scope));
    }

    [Theory]
    [MemberData(nameof(OtherScopes))]
    public void Unprotect_ForAnotherRow_Throws(string differs)
    {
        var blob = _protector.Protect(Map, _scope);
        var other = differs switch
        {
            "tenant" => _scope with { TenantId = Guid.NewGuid() },
            "company" => _scope with { CompanyId = Guid.NewGuid() },
            "connection" => _scope with { ConnectionId = Guid.NewGuid() },
            _ => new CredentialScope(_scope.ConnectionId, _scope.TenantId, _scope.CompanyId),
        };

        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(blob, _protector.CurrentKeyId, other));
    }

    [Fact]
    public void Protect_SameMapTwice_GivesDifferentBytes()
    {
        var first = _protector.Protect(Map, _scope);
        var second = _protector.Protect(Map, _scope);

        Assert.NotEqual(first, second);
        Assert.NotEqual(first.AsSpan(0, 12).ToArray(), second.AsSpan(0, 12).ToArray());
    }

    [Fact]
    public void Protect_DoesNotContainThePlaintext()
    {
        var blob = _protector.Protect(Map, _scope);

        foreach (var value in Map.Keys.Concat(Map.Values))
        {
            Assert.True(blob.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) < 0, $"The ciphertext holds '{value}'.");
        }
    }

    [Fact]
    public void Unprotect_TamperedCiphertext_Throws()
    {
        var blob = _protector.Protect(Map, _scope);

        for (var i = 0; i < blob.Length; i += 7)
        {
            var tampered = (byte[])blob.Clone();
            tampered[i] ^= 0x01;

            Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(tampered, _protector.CurrentKeyId, _scope));
        }
    }

    [Fact]
    public void Unprotect_TruncatedCiphertext_Throws()
    {
        var blob = _protector.Protect(Map, _scope);

        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(blob[..10], _protector.CurrentKeyId, _scope));
        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(blob[..^1], _protector.CurrentKeyId, _scope));
    }

    [Fact]
    public void Unprotect_UnknownKeyId_Throws()
    {
        var blob = _protector.Protect(Map, _scope);

        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(blob, "0000000000000000", _scope));
    }

    [Fact]
    public void Unprotect_WithAnotherServersKey_Throws()
    {
        var otherKey = new CredentialProtector(new EncryptionKeyRing(RandomNumberGenerator.GetBytes(32)));
        var blob = otherKey.Protect(Map, _scope);

        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(blob, otherKey.CurrentKeyId, _scope));
        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(blob, _protector.CurrentKeyId, _scope));
    }

    [Fact]
    public async Task StoredCiphertext_DecryptsForItsOwnRowOnly()
    {
        var server = shared.Server;
        var companyId = await server.Client.CreateCompanyIdAsync();
        var first = (await server.Client.CreateConnectionAsync(companyId, "gbol")).Id();
        var second = (await server.Client.CreateConnectionAsync(companyId, "gbol")).Id();
        (await server.Client.AuthorizeAsync(companyId, first, new Dictionary<string, string> { ["accessToken"] = "stored-a", ["refreshToken"] = "stored-r" }))
            .EnsureSuccessStatusCode();
        var row = (await server.FindConnectionRowAsync(first))!;

        var own = _protector.Unprotect(row.Credentials!, row.CredentialKeyId!, new CredentialScope(row.TenantId, row.CompanyId, row.Id));

        Assert.Equal("stored-a", own["accessToken"]);
        Assert.Equal("stored-r", own["refreshToken"]);
        Assert.ThrowsAny<CryptographicException>(() =>
            _protector.Unprotect(row.Credentials!, row.CredentialKeyId!, new CredentialScope(row.TenantId, row.CompanyId, Guid.Parse(second))));
    }
}
