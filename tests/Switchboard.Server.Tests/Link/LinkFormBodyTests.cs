using System.Text;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Link;

/// <summary>
/// The Link page's form post, with form bodies the framework cannot read (found by <see cref="RandomRequestTests"/>):
/// a 4xx that changes nothing, never a 500.
/// </summary>
public sealed class LinkFormBodyTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly SwitchboardTestServer _server = shared.Server;

    public static TheoryData<string, string> MalformedForms => new()
    {
        { "multipart/form-data; boundary=xyz", """{"accessToken":"a"}""" },
        { "multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"accessToken\"\r\n\r\na" },
        { "multipart/form-data", "accessToken=a&refreshToken=r" },
        { "application/x-www-form-urlencoded", string.Join('&', Enumerable.Range(0, 1025).Select(i => $"k{i}=v")) },
        { "application/x-www-form-urlencoded", new string('k', 2049) + "=v" },
    };

    [Theory]
    [MemberData(nameof(MalformedForms))]
    public async Task Submit_WithAFormBodyThatCannotBeRead_Returns4xxAndChangesNothing(string contentType, string body)
    {
        var (companyId, connectionId) = await _server.Client.CreateLinkedConnectionAsync();
        var before = await _server.FindConnectionRowAsync(connectionId);
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var anonymous = _server.CreateClient(apiKey: null);

        var response = await anonymous.PostAsync($"/link/companies/{companyId}/connections/{connectionId}/start", content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"Answered {(int)response.StatusCode}: {text}");
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        var after = await _server.FindConnectionRowAsync(connectionId);
        Assert.Equal(before!.Version, after!.Version);
        Assert.Equal(before.Credentials, after.Credentials);
    }
}
