using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.OAuth;

/// <summary>
/// A test's platform and server together: the OpenIddict provider on loopback, and Switchboard configured (by
/// configuration only) with it as the custom OAuth2 integration <c>tprv</c>. <see cref="LinkAsync"/> plays the end
/// user's browser by hand: link page → Connect → the provider's authorize endpoint (auto-consent) → the callback.
/// </summary>
public sealed class OAuthTestBed : IAsyncDisposable
{
    public const string PlatformKey = "tprv";

    private OAuthTestBed(OAuthProvider provider, SwitchboardTestServer server)
    {
        Provider = provider;
        Server = server;
    }

    public OAuthProvider Provider { get; }

    public SwitchboardTestServer Server { get; }

    public HttpClient Client => Server.Client;

    /// <param name="provider">How the platform behaves.</param>
    /// <param name="settings">Further Switchboard settings; a null value removes the setting.</param>
    /// <param name="tenantsUrl">The integration's <c>OAuth:TenantsUrl</c>, from the started provider (none by default).</param>
    /// <param name="configure">Further changes to Switchboard's builder (such as an in-memory telemetry exporter).</param>
    public static async Task<OAuthTestBed> StartAsync(
        OAuthProviderOptions? provider = null, IDictionary<string, string?>? settings = null, Func<OAuthProvider, Uri>? tenantsUrl = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var oauth = await OAuthProvider.StartAsync(provider);
        try
        {
            var configuration = oauth.SwitchboardSettings(PlatformKey);
            if (tenantsUrl is not null)
            {
                configuration[$"Switchboard:Integrations:{PlatformKey}:OAuth:TenantsUrl"] = tenantsUrl(oauth).AbsoluteUri;
            }

            // No background refreshes unless a test asks for them.
            configuration["Switchboard:Tokens:PollInterval"] = "01:00:00";
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                if (value is null)
                {
                    configuration.Remove(key);
                }
                else
                {
                    configuration[key] = value;
                }
            }

            var server = await SwitchboardTestServer.StartAsync(configuration, configure: configure);
            await oauth.RegisterClientAsync(server.BaseAddress);
            return new OAuthTestBed(oauth, server);
        }
        catch
        {
            await oauth.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new company with a PendingAuth connection to the test platform: (companyId, connectionId, linkUrl).</summary>
    public async Task<(string Company, string Connection, string LinkUrl)> CreateConnectionAsync()
    {
        var company = await Client.CreateCompanyIdAsync();
        var connection = await Client.CreateConnectionAsync(company, PlatformKey);
        return (company, connection.Id(), connection["linkUrl"]!.GetValue<string>());
    }

    /// <summary>Creates and links <paramref name="count"/> connections, <paramref name="parallelism"/> at a time (one by one, dozens take longer than short first tokens live).</summary>
    public Task LinkConnectionsAsync(int count, int parallelism = 8) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (_, _) =>
        {
            var (_, _, linkUrl) = await CreateConnectionAsync();
            Assert.Equal(HttpStatusCode.OK, (await LinkAsync(linkUrl)).Status);
        });

    /// <summary>Goes through the link as the end user: returns the authorize URL Switchboard sent the user to, the callback URL the platform sent them back to, and the final page.</summary>
    public static async Task<LinkRun> LinkAsync(string linkUrl)
    {
        var authorize = await BeginSignInAsync(linkUrl);
        var callback = await ConsentAsync(authorize);
        var (status, text) = await GetPageAsync(callback);
        return new LinkRun(authorize, callback, status, text);
    }

    /// <summary>Opens the link and continues to the platform: the authorize URL Switchboard sends the user to (a sign-in with its own state).</summary>
    public static async Task<Uri> BeginSignInAsync(string linkUrl)
    {
        using var browser = LinkForms.CreateBrowserClient();
        using (var page = await browser.GetAsync(linkUrl))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        using var connect = await LinkForms.SubmitFormAsync(browser, linkUrl, new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, connect.StatusCode);
        return connect.Headers.Location!;
    }

    /// <summary>The platform's answer to an authorize URL: the callback URL it sends the user back to (with a code, or an error).</summary>
    public static async Task<Uri> ConsentAsync(Uri authorize)
    {
        using var browser = LinkForms.CreateBrowserClient();
        using var consent = await browser.GetAsync(authorize);
        Assert.True(consent.StatusCode == HttpStatusCode.Redirect, $"The provider answered {(int)consent.StatusCode}: {await consent.Content.ReadAsStringAsync()}");
        return consent.Headers.Location!;
    }

    public static async Task<(HttpStatusCode Status, string Text)> GetPageAsync(Uri url)
    {
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        using var response = await browser.GetAsync(url);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<JsonObject> GetConnectionAsync(string company, string connection) =>
        await Client.GetObjectAsync($"/companies/{company}/connections/{connection}");

    public Task<HttpResponseMessage> RequestAccessTokenAsync(string company, string connection, HttpClient? client = null) =>
        (client ?? Client).PostAsync($"/companies/{company}/connections/{connection}/accessToken", content: null);

    public async Task<JsonObject> GetAccessTokenAsync(string company, string connection) =>
        await (await RequestAccessTokenAsync(company, connection)).ReadObjectAsync(HttpStatusCode.OK);

    /// <summary>
    /// Whom the platform says the access token Switchboard hands out for the connection belongs to, or null when it
    /// refuses it. The platform's tokens are lengthened to an hour first: the <c>accessToken</c> call refreshes a token
    /// that expires within a minute, and a token of a few seconds expired between Switchboard's answer and the platform's
    /// check on a loaded machine, five times in a row once. The refresh that call makes still presents the refresh token
    /// Switchboard holds, so a wrong one fails here too. A refresh already under way when the lifetime changed still
    /// brings a short token, which the call waits for and may hand out: so a refused token is asked for once more, and
    /// is an hour-long one then. Call it last: later refreshes issue hour-long tokens.
    /// </summary>
    public async Task<string?> SubjectOfCurrentTokenAsync(string company, string connection)
    {
        Provider.AccessTokenLifetime = TimeSpan.FromHours(1);
        for (var attempt = 0; ; attempt++)
        {
            var token = await GetAccessTokenAsync(company, connection);
            var subject = await Provider.SubjectOfAsync(token["accessToken"]!.GetValue<string>());
            if (subject is not null || attempt == 1)
            {
                return subject;
            }
        }
    }

    /// <summary>Polls the connection until <paramref name="condition"/> holds, failing after <paramref name="seconds"/>.</summary>
    public Task<JsonObject> WaitForConnectionAsync(string company, string connection, Func<JsonObject, bool> condition, int seconds = 30) =>
        WaitForConnectionAsync(Client, company, connection, condition, seconds);

    /// <summary>Polls the connection through <paramref name="client"/> (any node) until <paramref name="condition"/> holds, failing after <paramref name="seconds"/>.</summary>
    public static async Task<JsonObject> WaitForConnectionAsync(HttpClient client, string company, string connection, Func<JsonObject, bool> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var current = await client.GetObjectAsync($"/companies/{company}/connections/{connection}");
            if (condition(current))
            {
                return current;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The connection never reached the expected state: {current.ToJsonString()}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds, failing after <paramref name="seconds"/> (with <paramref name="explain"/>'s account of why, if given).</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 30, Func<string>? explain = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}. {explain?.Invoke()}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
