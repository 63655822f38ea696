using Microsoft.Playwright;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.Browser;

/// <summary>
/// A real browser for the Link pages: Debian's Chromium (<c>/usr/bin/chromium</c>, or <c>SWITCHBOARD_TEST_CHROMIUM</c>)
/// driven by Playwright, headless, against one Switchboard server. scripts/test.sh installs Chromium when it is missing.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumVariable = "SWITCHBOARD_TEST_CHROMIUM";

    /// <summary>Where screenshots go: <c>SWITCHBOARD_SCREENSHOTS</c> (the README's come from <c>docs/images</c>), else a temporary folder.</summary>
    public const string ScreenshotsVariable = "SWITCHBOARD_SCREENSHOTS";

    /// <summary>How long any page wait may take before the test fails (milliseconds).</summary>
    public const float PageTimeout = 90_000;

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public SwitchboardTestServer Server { get; private set; } = null!;

    public string ScreenshotFolder { get; } = Environment.GetEnvironmentVariable(ScreenshotsVariable) is { Length: > 0 } folder
        ? Path.GetFullPath(folder)
        : Path.Combine(Path.GetTempPath(), "switchboard-screenshots-" + Guid.NewGuid().ToString("N"));

    /// <summary>Photographs the whole page as <paramref name="name"/>.png in <see cref="ScreenshotFolder"/>.</summary>
    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    public async ValueTask InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Chromium is not at {chromium}: install Debian's chromium package (scripts/test.sh does) or set {ChromiumVariable}.");
        }

        Directory.CreateDirectory(ScreenshotFolder);
        // Xero set up as an operator would (its client id and secret): its page offers to continue at Xero.
        Server = await SwitchboardTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Switchboard:Integrations:gbol:OAuth:ClientId"] = "northwind-xero-app",
            ["Switchboard:Integrations:gbol:OAuth:ClientSecret"] = "not-a-real-secret",
        });
        // The name end users see on every page (the README's screenshots show it).
        (await Server.Client.SendAsync(HttpMethod.Put, "/profile", """{"name":"Northwind Lending","redirectUrl":""}""")).EnsureSuccessStatusCode();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // As root (containers, CI) Chromium's sandbox cannot start.
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
    }

    /// <summary>A fresh browser profile (its own cookies) at a phone-sized window.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 480, Height = 900 } });
        // Every wait (a click's target, a navigation) may take this long before it fails: the suite runs test classes in
        // parallel on two cores, where a fresh server's first page has taken more than Playwright's default 30 s.
        // A cap, not a delay: a page that is there is used at once.
        context.SetDefaultTimeout(PageTimeout);
        context.SetDefaultNavigationTimeout(PageTimeout);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (Environment.GetEnvironmentVariable(ScreenshotsVariable) is not { Length: > 0 } && Directory.Exists(ScreenshotFolder))
        {
            Directory.Delete(ScreenshotFolder, recursive: true);
        }
    }
}
