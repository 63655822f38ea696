using System.Net;
using Xunit;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.OAuth;

/// <summary>
/// How Switchboard presents the operator's client at the platform's token endpoint: in an Authorization header
/// (<c>basic</c>) or in the body (<c>post</c>) as configured, with the secret from configuration or from a file. The
/// real provider checks the secret, and records how each request carried it.
/// </summary>
public sealed class OAuthClientTests
{
    [Theory]
    [InlineData("basic")]
    [InlineData("post")]
    public async Task The_Client_Authenticates_As_Configured_And_The_Link_Goes_Through(string clientAuthentication)
    {
        await using var bed = await OAuthTestBed.StartAsync(new OAuthProviderOptions { ClientAuthentication = clientAuthentication });
        var (company, connection, linkUrl) = await bed.CreateConnectionAsync();

        var run = await OAuthTestBed.LinkAsync(linkUrl);

        Assert.Equal(HttpStatusCode.OK, run.Status);
        Assert.Equal([clientAuthentication], bed.Provider.ClientAuthentications);
        var token = await bed.GetAccessTokenAsync(company, connection);
        Assert.NotNull(await bed.Provider.SubjectOfAsync(token["accessToken"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_Client_Secret_Read_From_A_File_Is_The_One_The_Platform_Checks()
    {
        var secret = "secret-from-a-file-" + Guid.NewGuid().ToString("N");
        var file = Path.Combine(Path.GetTempPath(), "switchboard-client-secret-" + Guid.NewGuid().ToString("N"));
        // As a secrets mount holds it: with a line end, which is not part of the secret.
        await File.WriteAllTextAsync(file, secret + "\n", TestContext.Current.CancellationToken);
        try
        {
            await using var bed = await OAuthTestBed.StartAsync(new OAuthProviderOptions { ClientSecret = secret }, new Dictionary<string, string?>
            {
                [$"Switchboard:Integrations:{OAuthTestBed.PlatformKey}:OAuth:ClientSecret"] = null,
                [$"Switchboard:Integrations:{OAuthTestBed.PlatformKey}:OAuth:ClientSecretFile"] = file,
            });
            var (company, connection, linkUrl) = await bed.CreateConnectionAsync();

            var run = await OAuthTestBed.LinkAsync(linkUrl);

            Assert.Equal(HttpStatusCode.OK, run.Status);
            Assert.Equal("Linked", (await bed.GetConnectionAsync(company, connection))["status"]!.GetValue<string>());
            Assert.Equal(1, bed.Provider.CodeExchanges);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
