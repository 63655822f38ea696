using System.Text;
using CsCheck;
using Switchboard.Server.Auth;
using Xunit;

namespace Switchboard.Server.Tests.Auth;

/// <summary>
/// <see cref="ApiKeyHeader.TryParse"/> on generated input: it never throws, accepts exactly the headers that carry
/// <c>Basic base64(key)</c> of a well-formed key (a trailing colon allowed), and hands that key back unchanged.
/// </summary>
public sealed class ApiKeyHeaderPropertyTests
{
    /// <summary>Characters a key may hold: anything printable except whitespace and ':', from ASCII to astral planes.</summary>
    private static readonly Gen<string> Keys = Gen.Frequency(
            (3, Gen.Char['!', '~']),
            (1, Gen.Char['\u00a1', '\u07ff']),
            (1, Gen.Char['\u3000', '\ud7ff']))
        .Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c) && c != ':')
        .Array[1, 100]
        .Select(chars => new string(chars))
        .SelectMany(key => Gen.Bool.Select(astral => astral ? key + "\U0001F511" : key));

    private static readonly Gen<string> Scheme = Gen.OneOfConst("Basic", "basic", "BASIC", "bAsIc");

    private static readonly Gen<string> Space = Gen.OneOfConst(string.Empty, " ", "  ", "\t", " \t ");

    [Fact]
    public void TryParse_AnyString_NeverThrowsAndOnlyAcceptsAKeyThatRoundTrips()
    {
        var headers = Gen.OneOf(
            Gen.String,
            Gen.String.Select(s => "Basic " + s),
            Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=: \t"].Array[0, 80].Select(c => "Basic " + new string(c)),
            Gen.Byte.Array[0, 120].Select(b => "Basic " + Convert.ToBase64String(b)),
            Gen.String[0, 1100].Select(s => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(s))));

        headers.Sample(header =>
        {
            var accepted = ApiKeyHeader.TryParse(header, out var key);
            if (!accepted)
            {
                Assert.Equal(string.Empty, key);
                return;
            }

            Assert.True(header.Length <= ApiKeyHeader.MaxLength);
            Assert.StartsWith("basic ", header.TrimStart().ToLowerInvariant(), StringComparison.Ordinal);
            Assert.NotEmpty(key);
            Assert.DoesNotContain(key, c => char.IsWhiteSpace(c) || char.IsControl(c) || c == ':');
            Assert.True(ApiKeyHeader.TryParse("Basic " + Base64(key), out var again));
            Assert.Equal(key, again);
        }, iter: 20_000);
    }

    [Fact]
    public void TryParse_Base64OfAnyBytes_AcceptsExactlyTheWellFormedUtf8Keys()
    {
        var bytes = Gen.OneOf(
            Gen.Byte.Array[0, 900],
            Keys.Select(Encoding.UTF8.GetBytes),
            Keys.Select(k => Encoding.UTF8.GetBytes(k + ":")),
            Gen.String[0, 60].Select(Encoding.UTF8.GetBytes),
            Gen.Select(Keys, Gen.Byte.Array[1, 3], (k, b) => (byte[])[.. Encoding.UTF8.GetBytes(k), .. b]));
        bytes.Sample(bytes =>
        {
            var header = "Basic " + Convert.ToBase64String(bytes);

            var accepted = ApiKeyHeader.TryParse(header, out var key);

            var expected = ExpectedKey(bytes, header);
            Assert.Equal(expected is not null, accepted);
            Assert.Equal(expected ?? string.Empty, key);
        }, iter: 20_000);
    }

    [Fact]
    public void TryParse_BasicBase64OfAKey_ReturnsTheKeyWhateverTheSchemeCaseSpacingOrTrailingColon()
    {
        Gen.Select(Keys, Scheme, Space, Space, Space, Gen.Bool).Sample((key, scheme, before, between, after, colon) =>
        {
            var header = $"{before}{scheme} {between}{Base64(colon ? key + ":" : key)}{after}";

            Assert.True(ApiKeyHeader.TryParse(header, out var parsed), $"Rejected '{header}'.");
            Assert.Equal(key, parsed);
        }, iter: 10_000);
    }

    [Fact]
    public void TryParse_KeyWithWhitespaceControlOrColonInside_IsRejected()
    {
        var bad = Gen.OneOfConst(' ', '\t', '\n', '\r', '\0', '\u007f', '\u0085', '\u00a0', '\u2028', '\u3000', ':');
        Gen.Select(Keys, bad, Keys).Sample((start, inside, end) =>
        {
            Assert.False(ApiKeyHeader.TryParse("Basic " + Base64(start + inside + end), out var key));
            Assert.Equal(string.Empty, key);
        }, iter: 5_000);
    }

    [Fact]
    public void TryParse_OtherSchemesAndEmptyValues_AreRejected()
    {
        var schemes = Gen.OneOfConst("Bearer", "Basic:", "Basically", "Digest", "Token", string.Empty, "Basic\u00a0", "Вasic");
        Gen.Select(schemes, Keys).Sample((scheme, key) =>
        {
            Assert.False(ApiKeyHeader.TryParse($"{scheme} {Base64(key)}", out _));
            Assert.False(ApiKeyHeader.TryParse($"{scheme}", out _));
        }, iter: 2_000);
        Assert.False(ApiKeyHeader.TryParse(null, out _));
        Assert.False(ApiKeyHeader.TryParse("Basic " + Base64(":"), out _));
        Assert.False(ApiKeyHeader.TryParse("Basic " + Base64("::"), out _));
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>The reference answer: the bytes as strict UTF-8, one trailing ':' dropped, if what is left is a key.</summary>
    private static string? ExpectedKey(byte[] bytes, string header)
    {
        if (header.Length > ApiKeyHeader.MaxLength || bytes.Length == 0)
        {
            return null;
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        if (text.EndsWith(':'))
        {
            text = text[..^1];
        }

        return text.Length > 0 && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == ':') ? text : null;
    }
}
