using System.Text;
using Switchboard.Server.Webhooks;
using Xunit;

namespace Switchboard.Server.Tests.Webhooks;

/// <summary>Signatures match the published Standard Webhooks test vector and the StandardWebhooks package's own.</summary>
public sealed class WebhookSignatureTests
{
    // The specification's example (github.com/standard-webhooks/standard-webhooks, spec and reference libraries' tests).
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorBody = """{"test": 2432232314}""";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void Sign_MatchesThePublishedTestVector() =>
        Assert.Equal(VectorSignature, WebhookSignature.Sign(VectorSecret, VectorId, VectorTimestamp, Encoding.UTF8.GetBytes(VectorBody)));

    [Fact]
    public void Sign_MatchesTheStandardWebhooksPackage()
    {
        var secret = WebhookSecrets.Generate();
        var body = """{"id":"x","eventType":"company.created"}""";
        var timestamp = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

        var theirs = new StandardWebhooks.StandardWebhook(secret).Sign("evt_1", timestamp, body);

        Assert.Equal(theirs, WebhookSignature.Sign(secret, "evt_1", timestamp.ToUnixTimeSeconds(), Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void Header_SignsWithEverySecret_SeparatedBySpaces()
    {
        var header = WebhookSignature.Header([VectorSecret, WebhookSecrets.Generate()], VectorId, VectorTimestamp, Encoding.UTF8.GetBytes(VectorBody));

        var parts = header.Split(' ');
        Assert.Equal(2, parts.Length);
        Assert.Equal(VectorSignature, parts[0]);
        Assert.StartsWith("v1,", parts[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_MakesAWhsecSecretOf24RandomBytes()
    {
        var secret = WebhookSecrets.Generate();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(24, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.NotEqual(secret, WebhookSecrets.Generate());
    }
}
