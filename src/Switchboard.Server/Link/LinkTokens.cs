using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Switchboard.Server.Companies;
using Switchboard.Server.Configuration;
using Switchboard.Server.Connections;
using Switchboard.Server.Credentials;
using Switchboard.Server.Hosting;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Link;

/// <summary>
/// The token a <c>linkUrl</c> carries. It binds tenant, company and connection, the connection's authorization version
/// when it was issued (<see cref="ConnectionEntity.AuthorizationVersion"/>) and what it may do, and it expires; an
/// HMAC-SHA256 under the server's link key signs it. Binding the authorization version makes a token link once: linking
/// (or unlinking, or a deauthorization) moves it, so a token that has linked is spent, and so is one issued before any
/// other change of status or credentials; a failed attempt (denied consent, a platform error) moves only the row
/// version, so the same link can be tried again. A <see cref="LinkPurpose.Link"/> token (the <c>linkUrl</c> every connection
/// shows) can only authorize a <c>PendingAuth</c> connection; re-linking an <c>Unlinked</c> or <c>Deauthorized</c>
/// one needs a <see cref="LinkPurpose.Relink"/> token, which only the tenant can ask for. Nothing in a token is
/// secret (it names ids the tenant already has); it can only not be forged.
/// </summary>
internal sealed class LinkTokens
{
    private const byte FormatVersion = 1;
    private const int PayloadSize = 1 + 1 + 16 * 3 + 8 + 8;
    private const int TagSize = 32;
    private readonly byte[] _key;
    // One keyed HMAC per thread, reused: the one-shot HashData looks the algorithm up in OpenSSL on every call, which
    // cost more than the hash itself on every connection a GET or list answers.
    private readonly ThreadLocal<HMACSHA256> _hmac;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public LinkTokens(IOptions<SwitchboardOptions> options, EncryptionKeyRing encryptionKeys, TimeProvider time)
    {
        _key = LoadKey(options.Value.Link, encryptionKeys);
        _hmac = new ThreadLocal<HMACSHA256>(() => new HMACSHA256(_key));
        _time = time;
        _lifetime = options.Value.Link.TokenLifetime;
    }

    /// <summary>
    /// A token for the connection as it is now, valid for the configured lifetime. The <c>linkUrl</c> a connection shows
    /// (<see cref="LinkPurpose.Link"/>) counts from the connection's last change, so it is the same on every read of one
    /// version (a strong ETag promises the same body); a relink link counts from now.
    /// </summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(ConnectionEntity connection, LinkPurpose purpose)
    {
        var issued = purpose == LinkPurpose.Link ? new DateTimeOffset(DateTime.SpecifyKind(connection.Modified, DateTimeKind.Utc)) : _time.GetUtcNow();
        return Issue(purpose, new TenantId(connection.TenantId), new CompanyId(connection.CompanyId), connection.Id, connection.AuthorizationVersion, issued);
    }

    /// <summary>
    /// A token for the company's <c>redirect</c> page (<see cref="LinkPurpose.Company"/>). It names no connection and
    /// does not expire: like Codat's, a company's redirect stays the same for the company's life (a strong ETag
    /// promises the same body, and an untouched company's redirect must not go stale). It can only open the company
    /// page, whose every connection link is a <see cref="LinkPurpose.Link"/> token that does expire.
    /// </summary>
    public string IssueForCompany(CompanyEntity company) =>
        Issue(LinkPurpose.Company, new TenantId(company.TenantId), new CompanyId(company.Id), Guid.Empty, 0, DateTimeOffset.MaxValue).Token;

    private (string Token, DateTimeOffset ExpiresAt) Issue(LinkPurpose purpose, TenantId tenant, CompanyId company, Guid connection, long authorizationVersion, DateTimeOffset issued)
    {
        var expires = issued == DateTimeOffset.MaxValue ? issued : issued + _lifetime;
        // Whole seconds: the token says when it ends to the second.
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds());
        Span<byte> token = stackalloc byte[PayloadSize + TagSize];
        token[0] = FormatVersion;
        token[1] = (byte)purpose;
        tenant.Value.TryWriteBytes(token[2..18]);
        company.Value.TryWriteBytes(token[18..34]);
        connection.TryWriteBytes(token[34..50]);
        BinaryPrimitives.WriteInt64BigEndian(token[50..58], authorizationVersion);
        BinaryPrimitives.WriteInt64BigEndian(token[58..66], expiresAt.ToUnixTimeSeconds());
        Sign(token[..PayloadSize], token[PayloadSize..]);
        return (WebEncoders.Base64UrlEncode(token), expiresAt);
    }

    /// <summary>The claims of a genuine, unexpired token; null for anything else (missing, malformed, forged or expired).</summary>
    public LinkClaims? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = WebEncoders.Base64UrlDecode(token);
        }
        catch (FormatException)
        {
            return null;
        }

        if (bytes.Length != PayloadSize + TagSize || bytes[0] != FormatVersion || !Enum.IsDefined((LinkPurpose)bytes[1]))
        {
            return null;
        }

        Span<byte> expected = stackalloc byte[TagSize];
        Sign(bytes.AsSpan(0, PayloadSize), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(PayloadSize)))
        {
            return null;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(58, 8)));
        if (expiresAt <= _time.GetUtcNow())
        {
            return null;
        }

        return new LinkClaims(
            new ConnectionKey(new TenantId(new Guid(bytes.AsSpan(2, 16))), new CompanyId(new Guid(bytes.AsSpan(18, 16))), new ConnectionId(new Guid(bytes.AsSpan(34, 16)))),
            BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(50, 8)),
            (LinkPurpose)bytes[1],
            expiresAt);
    }

    private void Sign(ReadOnlySpan<byte> payload, Span<byte> tag)
    {
        if (!_hmac.Value!.TryComputeHash(payload, tag, out var written) || written != TagSize)
        {
            throw new CryptographicException("The link token's HMAC did not fit its tag.");
        }
    }

    private static byte[] LoadKey(Configuration.LinkOptions options, EncryptionKeyRing encryptionKeys)
    {
        var configured = !string.IsNullOrWhiteSpace(options.SigningKey)
            ? (Text: options.SigningKey, Source: "Switchboard:Link:SigningKey")
            : !string.IsNullOrWhiteSpace(options.SigningKeyFile)
                ? (Text: ReadFile(options.SigningKeyFile), Source: "Switchboard:Link:SigningKeyFile")
                : (Text: null, Source: null);
        if (configured.Text is null)
        {
            // A key of its own, derived one way from the encryption key: a link never reveals anything about it.
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, encryptionKeys.Current.Key, 32, info: Encoding.ASCII.GetBytes("switchboard/link-tokens/v1"));
        }

        try
        {
            var key = Convert.FromBase64String(configured.Text.Trim());
            if (key.Length >= 32)
            {
                return key;
            }
        }
        catch (FormatException)
        {
        }

        throw new StartupException($"{configured.Source} must be the base64 encoding of at least 32 bytes (for example: openssl rand -base64 32).");
    }

    private static string ReadFile(string path) => File.Exists(path)
        ? File.ReadAllText(path)
        : throw new StartupException($"Switchboard:Link:SigningKeyFile points to '{path}', which does not exist.");
}
