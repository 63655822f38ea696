using System.Net;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.OAuth;

/// <summary>The refresher against a real provider with short-lived access tokens.</summary>
public sealed class TokenRefreshTests
{
    private static readonly Dictionary<string, string?> Refreshing = new()
    {
        ["Switchboard:Tokens:RefreshBefore"] = "00:00:02",
        ["Switchboard:Tokens:PollInterval"] = "00:00:00.200",
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Tokens_Are_Refreshed_Ahead_Of_Expiry_With_And_Without_Rotation_And_No_Refresh_Token_Is_Spent_Twice(bool rotate)
    {
        await using var bed = await OAuthTestBed.StartAsync(new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromSeconds(3), RotateRefreshTokens = rotate }, Refreshing);
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(linkUrl)).Status);

        // Three refreshes in a row: without rotation each used the refresh token kept from the first grant; with it, each the one before returned.
        await OAuthTestBed.WaitUntilAsync(() => bed.Provider.TotalRefreshes >= 3, "three refreshes happened");

        Assert.Equal(0, bed.Provider.ReusedRefreshTokens);
        var token = await bed.GetAccessTokenAsync(company, connection);
        Assert.NotNull(await bed.Provider.SubjectOfAsync(token["accessToken"]!.GetValue<string>()));
        var linked = await bed.GetConnectionAsync(company, connection);
        Assert.Equal("Linked", linked["status"]!.GetValue<string>());
        Assert.Null(linked["dataConnectionErrors"]);
    }

    [Fact]
    public async Task A_Revoked_Grant_Makes_The_Connection_Deauthorized_With_An_Error_And_Refreshing_Stops()
    {
        await using var bed = await OAuthTestBed.StartAsync(new OAuthProviderOptions { AccessTokenLifetime = TimeSpan.FromSeconds(3) }, Refreshing);
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();
        Assert.Equal(HttpStatusCode.OK, (await OAuthTestBed.LinkAsync(linkUrl)).Status);

        await bed.Provider.RevokeEverythingAsync();
        var after = await bed.WaitForConnectionAsync(company, connection, c => c["status"]!.GetValue<string>() == "Deauthorized");

        var error = Assert.Single(after["dataConnectionErrors"]!.AsArray())!;
        Assert.Equal("401", error["statusCode"]!.GetValue<string>());
        Assert.Contains("invalid_grant", error["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        // Nothing left to refresh with: the token set is destroyed with the authorization.
        await (await bed.RequestAccessTokenAsync(company, connection)).ReadErrorAsync(HttpStatusCode.Conflict);
    }
}
