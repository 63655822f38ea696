using System.Net;
using Switchboard.Client.Tests.Infrastructure;

namespace Switchboard.Client.Tests;

public class AccessTokenTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetAccessToken_PostsToTheExtension_AndReadsTheTokenAndItsStringConnectionInfo()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.OK, """
            {"accessToken":"at-1","tokenType":"Bearer","expiresAt":"2026-12-01T10:00:00Z","scopes":["offline_access","accounting"],
             "connectionInfo":{"realmId":"9130","authorizationKeys":"accessToken,refreshToken"}}
            """);

        var res = await t.Client.Connections.GetAccessTokenAsync(new() { CompanyId = TestClient.CompanyId, ConnectionId = TestClient.ConnectionId }, cancellationToken: Ct);

        var request = Assert.Single(t.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal($"/companies/{TestClient.CompanyId}/connections/{TestClient.ConnectionId}/accessToken", request.PathAndQuery);
        Assert.Equal(200, res.StatusCode);
        Assert.Equal("at-1", res.AccessToken.Token);
        Assert.Equal("Bearer", res.AccessToken.TokenType);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), res.AccessToken.ExpiresAt);
        Assert.Equal(["offline_access", "accounting"], res.AccessToken.Scopes);
        Assert.Equal("9130", res.AccessToken.ConnectionInfo!["realmId"]);
        Assert.DoesNotContain("at-1", res.AccessToken.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAccessToken_OfAConnectionThatIsNotLinked_ThrowsTheConflict()
    {
        using var t = new TestClient();
        t.Handler.Respond(HttpStatusCode.Conflict, """{"statusCode":409,"service":"PublicApi","error":"Only a Linked connection has an access token; this connection is PendingAuth.","correlationId":"c","canBeRetried":"Unknown","detailedErrorCode":0}""");

        var error = await Assert.ThrowsAsync<SwitchboardApiException>(() =>
            t.Client.Connections.GetAccessTokenAsync(new() { CompanyId = TestClient.CompanyId, ConnectionId = TestClient.ConnectionId }, cancellationToken: Ct));

        Assert.Equal(409, error.StatusCode);
        Assert.Single(t.Requests);
    }
}
