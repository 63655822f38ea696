using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Switchboard.Client.Internal;
using Switchboard.Client.Models;

namespace Switchboard.Client;

/// <summary>
/// Checks that a webhook came from Switchboard (Standard Webhooks: <c>webhook-id</c>, <c>webhook-timestamp</c>,
/// <c>webhook-signature</c>), that it is recent, and reads it into a typed event.
/// </summary>
/// <remarks>
/// Give it the consumer's <c>whsec_</c> secret, or both secrets while rotating. Verify the body exactly as received
/// (the raw bytes or text), before parsing it. Events are delivered at least once: use <see cref="WebhookEvent.Id"/>
/// to ignore repeats.
/// </remarks>
public class WebhookVerifier
{
    /// <summary>The header that carries the event's id.</summary>
    public const string IdHeader = "webhook-id";

    /// <summary>The header that carries when the webhook was sent, in seconds since 1970-01-01 UTC.</summary>
    public const string TimestampHeader = "webhook-timestamp";

    /// <summary>The header that carries the signatures (<c>v1,&lt;base64&gt;</c>, space-separated).</summary>
    public const string SignatureHeader = "webhook-signature";

    private const string SecretPrefix = "whsec_";
    private readonly List<byte[]> _keys;
    private readonly TimeProvider _time;

    /// <summary>Creates a verifier for one or more secrets (any one of them signing suffices).</summary>
    /// <param name="secrets">The consumer's <c>whsec_</c> secrets.</param>
    public WebhookVerifier(params string[] secrets)
        : this(secrets, TimeProvider.System)
    {
    }

    /// <summary>Creates a verifier for one or more secrets that reads the time from <paramref name="timeProvider"/>.</summary>
    /// <param name="secrets">The consumer's <c>whsec_</c> secrets.</param>
    /// <param name="timeProvider">Where the current time comes from (for tests).</param>
    public WebhookVerifier(IEnumerable<string> secrets, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _keys = [.. secrets.Select(Key)];
        if (_keys.Count == 0)
        {
            throw new ArgumentException("At least one secret is needed.", nameof(secrets));
        }

        _time = timeProvider;
    }

    /// <summary>How far the webhook's timestamp may be from now, either way (5 minutes by default), against replays.</summary>
    public TimeSpan Tolerance { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Verifies a webhook from its body and the three header values; throws <see cref="WebhookVerificationException"/> if it fails.</summary>
    /// <param name="body">The body exactly as received.</param>
    /// <param name="id">The <c>webhook-id</c> header.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header.</param>
    /// <param name="signature">The <c>webhook-signature</c> header.</param>
    public virtual void Verify(string body, string? id, string? timestamp, string? signature)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            throw new WebhookVerificationException($"The {IdHeader}, {TimestampHeader} and {SignatureHeader} headers are all required.");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            throw new WebhookVerificationException($"The {TimestampHeader} header must be whole seconds since 1970-01-01 UTC.");
        }

        var age = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if (age > Tolerance || age < -Tolerance)
        {
            throw new WebhookVerificationException($"The webhook's timestamp is {(age > TimeSpan.Zero ? "too old" : "in the future")}: more than {Tolerance} from now.");
        }

        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}");
        var expected = _keys.Select(key => HMACSHA256.HashData(key, signed)).ToList();
        foreach (var part in signature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = part.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || part[..comma] != "v1")
            {
                continue;
            }

            var given = new byte[32];
            if (Convert.TryFromBase64String(part[(comma + 1)..], given, out var written) && written == given.Length
                && expected.Any(e => CryptographicOperations.FixedTimeEquals(e, given)))
            {
                return;
            }
        }

        throw new WebhookVerificationException("No signature matches: the body was changed, or it was signed with another secret.");
    }

    /// <summary>Verifies a webhook from its body and the request's headers (as <see cref="HttpHeaders"/>).</summary>
    /// <param name="body">The body exactly as received.</param>
    /// <param name="headers">The request's headers.</param>
    public virtual void Verify(string body, HttpHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        Verify(body, Header(headers, IdHeader), Header(headers, TimestampHeader), Header(headers, SignatureHeader));
    }

    /// <summary>Verifies a webhook (see <see cref="Verify(string, string?, string?, string?)"/>), then reads it into a typed event.</summary>
    /// <param name="body">The body exactly as received.</param>
    /// <param name="id">The <c>webhook-id</c> header.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header.</param>
    /// <param name="signature">The <c>webhook-signature</c> header.</param>
    /// <returns>A <see cref="CompanyWebhookEvent"/> or <see cref="ConnectionWebhookEvent"/>.</returns>
    public virtual WebhookEvent VerifyAndParse(string body, string? id, string? timestamp, string? signature)
    {
        Verify(body, id, timestamp, signature);
        return Parse(body);
    }

    /// <summary>Reads a webhook's body into a typed event, by its <c>eventType</c>. Verify it first.</summary>
    /// <param name="body">The body.</param>
    /// <returns>A <see cref="CompanyWebhookEvent"/> for <c>company.*</c>, a <see cref="ConnectionWebhookEvent"/> for <c>connection.*</c>.</returns>
    public static WebhookEvent Parse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            using var document = JsonDocument.Parse(body);
            var eventType = document.RootElement.TryGetProperty("eventType", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
            WebhookEvent? parsed = eventType switch
            {
                _ when eventType?.StartsWith("company.", StringComparison.Ordinal) == true =>
                    document.RootElement.Deserialize(SwitchboardJsonContext.Default.CompanyWebhookEvent),
                _ when eventType?.StartsWith("connection.", StringComparison.Ordinal) == true =>
                    document.RootElement.Deserialize(SwitchboardJsonContext.Default.ConnectionWebhookEvent),
                _ => throw new WebhookVerificationException($"Unknown eventType '{eventType}': expected a company.* or connection.* event."),
            };
            return parsed ?? throw new WebhookVerificationException("The webhook body is empty.");
        }
        catch (JsonException exception)
        {
            throw new WebhookVerificationException("The webhook body is not a valid event: " + exception.Message);
        }
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static byte[] Key(string secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        try
        {
            return Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            throw new ArgumentException("A webhook secret is whsec_ followed by base64.", nameof(secret));
        }
    }
}
