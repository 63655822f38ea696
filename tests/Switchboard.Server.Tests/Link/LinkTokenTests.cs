using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;
using Switchboard.Server.Connections;
using Switchboard.Server.Credentials;
using Switchboard.Server.Link;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Link;

/// <summary>
/// A connection's link carries a signed token that binds tenant, company and connection, expires and links once.
/// Whatever is wrong with a link — missing, forged, expired, for another connection, spent — the end user is told it
/// is not valid and the connection does not change; a Linked connection's credentials are never replaced through one.
/// </summary>
public sealed class LinkTokenTests(SharedServer shared) : IClassFixture<SharedServer>
{
    // A Credentials integration (an API key form); OAuth2 integrations go through the platform (see OAuth/OAuthLinkFlowTests).
    private static readonly Dictionary<string, string> CredentialsForm = new() { ["apiKey"] = "from-the-link-a" };

    private readonly SwitchboardTestServer _server = shared.Server;

    [Fact]
    public async Task ANewConnectionsLinkUrl_CarriesAToken_AndLinksTheConnection()
    {
        var (companyId, connection) = await CreateConnectionAsync();
        var linkUrl = connection["linkUrl"].Str();
        Assert.StartsWith($"{_server.BaseAddress.GetLeftPart(UriPartial.Authority)}/link/companies/{companyId}/connections/{connection.Id()}/start?token=", linkUrl);

        var page = await Anonymous.GetAsync(linkUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var submitted = await Anonymous.PostAsync(linkUrl, new FormUrlEncodedContent(CredentialsForm));
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal(DataConnectionStatus.Linked, (await _server.FindConnectionRowAsync(connection.Id()))?.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?token=")]
    [InlineData("?token=not-a-token")]
    public async Task ALinkWithoutAGenuineToken_IsNotValid_AndChangesNothing(string query)
    {
        var (companyId, connection) = await CreateConnectionAsync();
        var url = $"/link/companies/{companyId}/connections/{connection.Id()}/start{query}";

        await AssertRefusedAsync(url, connection.Id(), HttpStatusCode.NotFound, "not valid");
    }

    [Fact]
    public async Task AForgedToken_IsNotValid_AndChangesNothing()
    {
        var (_, connection) = await CreateConnectionAsync();
        var linkUrl = connection["linkUrl"].Str();
        var token = WebEncoders.Base64UrlDecode(linkUrl[(linkUrl.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        token[^1] ^= 0x01; // one bit of the signature

        await AssertRefusedAsync(linkUrl[..(linkUrl.IndexOf("token=", StringComparison.Ordinal) + 6)] + WebEncoders.Base64UrlEncode(token), connection.Id(), HttpStatusCode.NotFound, "not valid");
    }

    [Fact]
    public async Task ATokenSignedWithAnotherKey_IsNotValid()
    {
        var (companyId, connection) = await CreateConnectionAsync();
        var row = await _server.FindConnectionRowAsync(connection.Id());
        var strangers = new LinkTokens(
            Options.Create(new SwitchboardOptions { Link = { SigningKey = Convert.ToBase64String(new byte[32]) } }),
            _server.Services.GetRequiredService<EncryptionKeyRing>(),
            TimeProvider.System);
        var (token, _) = strangers.Issue(row!, LinkPurpose.Relink);

        await AssertRefusedAsync($"/link/companies/{companyId}/connections/{connection.Id()}/start?token={token}", connection.Id(), HttpStatusCode.NotFound, "not valid");
    }

    [Fact]
    public async Task AnExpiredToken_IsNotValid_AndChangesNothing()
    {
        var (companyId, connection) = await CreateConnectionAsync();
        var row = await _server.FindConnectionRowAsync(connection.Id());
        var issuedLongAgo = new LinkTokens(
            _server.Services.GetRequiredService<IOptions<SwitchboardOptions>>(),
            _server.Services.GetRequiredService<EncryptionKeyRing>(),
            new ShiftedTime(-TimeSpan.FromDays(8)));
        var (token, expiresAt) = issuedLongAgo.Issue(row!, LinkPurpose.Relink);
        Assert.True(expiresAt < DateTimeOffset.UtcNow);

        await AssertRefusedAsync($"/link/companies/{companyId}/connections/{connection.Id()}/start?token={token}", connection.Id(), HttpStatusCode.NotFound, "not valid");
    }

    [Fact]
    public async Task ALinkUrl_IsTheSameOnEveryReadOfOneVersion_AndExpiresALifetimeAfterTheConnectionLastChanged()
    {
        var (companyId, connection) = await CreateConnectionAsync();
        var path = $"/companies/{companyId}/connections/{connection.Id()}";
        Assert.Equal(connection["linkUrl"].Str(), (await _server.Client.GetObjectAsync(path))["linkUrl"].Str());

        await _server.SetConnectionModifiedAsync(connection.Id(), DateTime.UtcNow.AddDays(-8));
        var stale = (await _server.Client.GetObjectAsync(path))["linkUrl"].Str();
        await AssertRefusedAsync(stale, connection.Id(), HttpStatusCode.NotFound, "not valid");

        var fresh = await (await _server.Client.PostAsync($"{path}/link", null)).ReadObjectAsync(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await Anonymous.PostAsync(fresh["linkUrl"].Str(), new FormUrlEncodedContent(CredentialsForm))).StatusCode);
        Assert.Equal(DataConnectionStatus.Linked, (await _server.FindConnectionRowAsync(connection.Id()))?.Status);
    }

    [Fact]
    public async Task AnotherConnectionsToken_IsNotValidForThisOne()
    {
        var (companyId, connection) = await CreateConnectionAsync();
        var other = await _server.Client.CreateConnectionAsync(companyId);
        var otherToken = other["linkUrl"].Str().Split("token=")[1];

        await AssertRefusedAsync($"/link/companies/{companyId}/connections/{connection.Id()}/start?token={otherToken}", connection.Id(), HttpStatusCode.NotFound, "not valid");
    }

    [Fact]
    public async Task ALinkThatHasLinked_IsSpent_AndALinkedConnectionsCredentialsAreNeverReplaced()
    {
        var (_, connection) = await CreateConnectionAsync();
        var linkUrl = connection["linkUrl"].Str();
        (await Anonymous.PostAsync(linkUrl, new FormUrlEncodedContent(CredentialsForm))).EnsureSuccessStatusCode();
        var linked = await _server.FindConnectionRowAsync(connection.Id());

        var again = await Anonymous.PostAsync(linkUrl, new FormUrlEncodedContent(new Dictionary<string, string> { ["apiKey"] = "attacker" }));

        Assert.Contains("already connected", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ConnectionRowSnapshot.From(linked), ConnectionRowSnapshot.From(await _server.FindConnectionRowAsync(connection.Id())));
    }

    [Fact]
    public async Task AnOldLinkOfAnUnlinkedConnection_CannotRelinkIt_ButAFreshLinkTheTenantAskedFor_CanOnce()
    {
        var (companyId, connection) = await CreateConnectionAsync();
        var id = connection.Id();
        (await _server.Client.AuthorizeAsync(companyId, id, CredentialsForm)).EnsureSuccessStatusCode();
        (await _server.Client.UnlinkAsync(companyId, id)).EnsureSuccessStatusCode();
        var unlinked = await _server.Client.GetObjectAsync($"/companies/{companyId}/connections/{id}");

        await AssertRefusedAsync(unlinked["linkUrl"].Str(), id, HttpStatusCode.Forbidden, "ask for a new link");

        var fresh = await (await _server.Client.PostAsync($"/companies/{companyId}/connections/{id}/link", null)).ReadObjectAsync(HttpStatusCode.OK);
        Assert.True(DateTimeOffset.Parse(fresh["expiresAt"].Str(), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddDays(6));
        var relinked = await Anonymous.PostAsync(fresh["linkUrl"].Str(), new FormUrlEncodedContent(CredentialsForm));
        Assert.Equal(HttpStatusCode.OK, relinked.StatusCode);
        Assert.Equal(DataConnectionStatus.Linked, (await _server.FindConnectionRowAsync(id))?.Status);

        (await _server.Client.UnlinkAsync(companyId, id)).EnsureSuccessStatusCode();
        await AssertRefusedAsync(fresh["linkUrl"].Str(), id, HttpStatusCode.Gone, "already been used");
    }

    [Fact]
    public async Task AFreshLink_IsRefusedForALinkedConnection_AndForAnotherTenant()
    {
        var (companyId, connection) = await CreateConnectionAsync();
        (await _server.Client.AuthorizeAsync(companyId, connection.Id(), CredentialsForm)).EnsureSuccessStatusCode();
        var path = $"/companies/{companyId}/connections/{connection.Id()}/link";

        await (await _server.Client.PostAsync(path, null)).ReadErrorAsync(HttpStatusCode.Conflict);
        using var stranger = await _server.CreateTenantClientAsync();
        await (await stranger.PostAsync(path, null)).ReadErrorAsync(HttpStatusCode.NotFound);
        await (await _server.Client.PostAsync($"/companies/{companyId}/connections/{Guid.NewGuid()}/link", null)).ReadErrorAsync(HttpStatusCode.NotFound);
    }

    private HttpClient Anonymous => _server.CreateClient(apiKey: null);

    private async Task<(string CompanyId, JsonObject Connection)> CreateConnectionAsync()
    {
        var companyId = await _server.Client.CreateCompanyIdAsync();
        return (companyId, await _server.Client.CreateConnectionAsync(companyId, "exgd"));
    }

    /// <summary>Both the page and its form post refuse the link with <paramref name="status"/>, and the row is unchanged.</summary>
    private async Task AssertRefusedAsync(string url, string connectionId, HttpStatusCode status, string says)
    {
        var before = ConnectionRowSnapshot.From(await _server.FindConnectionRowAsync(connectionId));

        var page = await Anonymous.GetAsync(url);
        var posted = await Anonymous.PostAsync(url, new FormUrlEncodedContent(CredentialsForm));

        foreach (var response in new[] { page, posted })
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"answered {(int)response.StatusCode}: {text}");
            Assert.Contains(says, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<form", text, StringComparison.Ordinal);
        }

        Assert.Equal(before, ConnectionRowSnapshot.From(await _server.FindConnectionRowAsync(connectionId)));
    }

    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
