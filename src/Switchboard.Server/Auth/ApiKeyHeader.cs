using System.Buffers;
using System.Text;

namespace Switchboard.Server.Auth;

/// <summary>
/// Parses <c>Authorization: Basic &lt;base64 of the API key&gt;</c>, the Codat scheme. A trailing colon
/// (what <c>curl -u KEY:</c> sends) is ignored. Anything else is rejected without exception.
/// </summary>
public static class ApiKeyHeader
{
    /// <summary>Longest header value accepted; real keys are far shorter.</summary>
    public const int MaxLength = 1024;

    public static bool TryParse(string? headerValue, out string apiKey)
    {
        apiKey = string.Empty;
        if (string.IsNullOrEmpty(headerValue) || headerValue.Length > MaxLength)
        {
            return false;
        }

        var value = headerValue.AsSpan().Trim();
        const string scheme = "Basic ";
        if (value.Length <= scheme.Length || !value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var encoded = value[scheme.Length..].Trim();
        var buffer = ArrayPool<byte>.Shared.Rent(encoded.Length);
        try
        {
            if (!Convert.TryFromBase64Chars(encoded, buffer, out var written) || written == 0)
            {
                return false;
            }

            string decoded;
            try
            {
                decoded = StrictUtf8.GetString(buffer, 0, written);
            }
            catch (DecoderFallbackException)
            {
                return false;
            }

            if (decoded.EndsWith(':'))
            {
                decoded = decoded[..^1];
            }

            if (decoded.Length == 0 || !IsPlain(decoded))
            {
                return false;
            }

            apiKey = decoded;
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>No whitespace, control character or colon.</summary>
    private static bool IsPlain(string key)
    {
        foreach (var c in key)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c == ':')
            {
                return false;
            }
        }

        return true;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
