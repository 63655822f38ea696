using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Client.Models;

namespace Switchboard.Client.Tests;

/// <summary>The SDK's verifier against the published Standard Webhooks test vector, tampering, replay windows and rotation.</summary>
public sealed class WebhookVerifierTests
{
    // The Standard Webhooks specification's example (github.com/standard-webhooks/standard-webhooks).
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string Timestamp = "1614265330";
    private const string Body = """{"test": 2432232314}""";
    private const string Signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(1614265330);

    [Fact]
    public void TheTestVector_Verifies() => Verifier(SentAt).Verify(Body, Id, Timestamp, Signature);

    [Fact]
    public void TheTestVector_VerifiesFromHttpHeaders()
    {
        using var request = new HttpRequestMessage();
        request.Headers.TryAddWithoutValidation("webhook-id", Id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", Timestamp);
        request.Headers.TryAddWithoutValidation("webhook-signature", Signature);
        Verifier(SentAt.AddMinutes(4)).Verify(Body, request.Headers);
    }

    [Theory]
    [InlineData("""{"test": 2432232315}""", Id, Timestamp)]
    [InlineData(Body, "msg_other", Timestamp)]
    [InlineData(Body, Id, "1614265331")]
    public void AnyChangeToWhatWasSigned_FailsVerification(string body, string id, string timestamp)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Throws<WebhookVerificationException>(() => Verifier(now).Verify(body, id, timestamp, Signature));
    }

    [Fact]
    public void AnotherSecret_FailsVerification() =>
        Assert.Throws<WebhookVerificationException>(() =>
            new WebhookVerifier([NewSecret()], new FakeTimeProvider(SentAt)).Verify(Body, Id, Timestamp, Signature));

    [Theory]
    [InlineData(-301, false)]
    [InlineData(-299, true)]
    [InlineData(299, true)]
    [InlineData(301, false)]
    public void TheTimestamp_MustBeWithinTheTolerance(int secondsFromNow, bool accepted)
    {
        var verifier = Verifier(SentAt.AddSeconds(-secondsFromNow));
        if (accepted)
        {
            verifier.Verify(Body, Id, Timestamp, Signature);
        }
        else
        {
            Assert.Throws<WebhookVerificationException>(() => verifier.Verify(Body, Id, Timestamp, Signature));
        }
    }

    [Theory]
    [InlineData(null, Timestamp, Signature)]
    [InlineData(Id, null, Signature)]
    [InlineData(Id, Timestamp, null)]
    [InlineData(Id, "yesterday", Signature)]
    [InlineData(Id, Timestamp, "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData(Id, Timestamp, "v1,not base64")]
    public void MissingOrMalformedHeaders_FailVerification(string? id, string? timestamp, string? signature) =>
        Assert.Throws<WebhookVerificationException>(() => Verifier(SentAt).Verify(Body, id, timestamp, signature));

    [Fact]
    public void DuringARotation_EitherSecretAndEitherSignatureVerifies()
    {
        var newSecret = NewSecret();
        var both = $"{Sign(newSecret)} {Signature}";

        Verifier(SentAt).Verify(Body, Id, Timestamp, both);
        new WebhookVerifier([newSecret], new FakeTimeProvider(SentAt)).Verify(Body, Id, Timestamp, both);
        new WebhookVerifier([newSecret, Secret], new FakeTimeProvider(SentAt)).Verify(Body, Id, Timestamp, Signature);
    }

    [Fact]
    public void Parse_ReadsAConnectionEventIntoItsType()
    {
        var body = """
            {"id":"ba29118f-5406-4e59-b05c-ba307ca38d01","eventType":"connection.connected","generatedDate":"2026-01-02T03:04:05.678Z",
             "payload":{"referenceCompany":{"id":"0498e921-9b53-4396-a412-4f2f5983b0a2","name":"Bank of Dave","tags":{"region":"uk"}},
             "connection":{"id":"ee2eb431-c0fa-4dc9-93fa-d29781c12bcd","integrationKey":"gbol","status":"Linked","platformName":"Xero"}}}
            """;

        var parsed = Assert.IsType<ConnectionWebhookEvent>(WebhookVerifier.Parse(body));

        Assert.Equal("connection.connected", parsed.EventType);
        Assert.Equal("Bank of Dave", parsed.Payload!.ReferenceCompany!.Name);
        Assert.Equal("uk", parsed.Payload.ReferenceCompany.Tags!["region"]);
        Assert.Equal(DataConnectionStatus.Linked, parsed.Payload.Connection!.Status);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), parsed.GeneratedDate);
    }

    [Theory]
    [InlineData("""{"id":"x","eventType":"read.completed","payload":{}}""")]
    [InlineData("""{"id":"x"}""")]
    [InlineData("not json")]
    public void Parse_RefusesWhatIsNotACompanyOrConnectionEvent(string body) =>
        Assert.Throws<WebhookVerificationException>(() => WebhookVerifier.Parse(body));

    private static WebhookVerifier Verifier(DateTimeOffset now) => new([Secret], new FakeTimeProvider(now));

    private static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    private static string Sign(string secret) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{Id}.{Timestamp}.{Body}")));
}
