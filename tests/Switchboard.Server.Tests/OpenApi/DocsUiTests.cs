using System.Net;
using Switchboard.Server.OpenApi;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.OpenApi;

/// <summary>The Scalar reference UI at <c>/docs</c>: on in Development, off elsewhere unless <c>Switchboard:Docs:Enabled</c>.</summary>
public sealed class DocsUiTests
{
    [Theory]
    [InlineData("Development", null, true)]
    [InlineData("Production", null, false)]
    [InlineData("Production", "true", true)]
    [InlineData("Development", "false", false)]
    public async Task DocsUi_IsServedAccordingToEnvironmentAndSetting(string environment, string? enabled, bool served)
    {
        var settings = new Dictionary<string, string?>();
        if (enabled is not null)
        {
            settings["Switchboard:Docs:Enabled"] = enabled;
        }

        await using var server = await SwitchboardTestServer.StartAsync(settings, environment);
        using var anonymous = server.CreateClient(apiKey: null);

        var page = await anonymous.GetAsync(ApiDocument.DocsPath + "/");
        var document = await anonymous.GetAsync(ApiDocument.Path);

        Assert.Equal(served ? HttpStatusCode.OK : HttpStatusCode.NotFound, page.StatusCode);
        if (served)
        {
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("<html", html, StringComparison.OrdinalIgnoreCase);
            // Relative to the site's base path, which Scalar resolves (so it also works behind a path prefix).
            Assert.Contains(ApiDocument.Path.TrimStart('/'), html, StringComparison.Ordinal);
        }

        // The document itself is always served.
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
    }
}
