using System.Net;
using System.Text.RegularExpressions;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// Fills in a Link page's form as a browser would, over HTTP: opens the page with a client that keeps cookies (the
/// antiforgery cookie), takes the form's antiforgery token and posts the fields with it. Redirects are not followed.
/// </summary>
public static partial class LinkForms
{
    public static async Task<HttpResponseMessage> SubmitLinkAsync(this SwitchboardTestServer server, string url, IReadOnlyDictionary<string, string> fields)
    {
        using var client = CreateBrowserClient(server);
        return await SubmitFormAsync(client, url, fields);
    }

    /// <summary>A client like a browser's, for any server: it keeps cookies and does not follow redirects.</summary>
    public static HttpClient CreateBrowserClient() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });

    /// <summary>
    /// Opens the page at <paramref name="url"/> with <paramref name="client"/> (which keeps cookies) and posts its form
    /// with <paramref name="fields"/>, to the same URL or to <paramref name="postTo"/> (another node serving it).
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        HttpClient client, string url, IReadOnlyDictionary<string, string> fields, string? postTo = null) =>
        await PostFormAsync(client, postTo ?? url, await OpenFormAsync(client, url, fields));

    /// <summary>Opens the page at <paramref name="url"/>: the form it would post, <paramref name="fields"/> filled in (with its antiforgery token).</summary>
    public static async Task<Dictionary<string, string>> OpenFormAsync(HttpClient client, string url, IReadOnlyDictionary<string, string> fields)
    {
        var page = await (await client.GetAsync(url)).Content.ReadAsStringAsync();
        var form = new Dictionary<string, string>(fields);
        if (AntiforgeryField().Match(page) is { Success: true } match)
        {
            form[match.Groups[1].Value] = WebUtility.HtmlDecode(match.Groups[2].Value);
        }

        form.TryAdd("action", "connect");
        return form;
    }

    /// <summary>Posts a form <see cref="OpenFormAsync"/> opened; the answer is buffered before the client goes.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> form) =>
        client.PostAsync(url, new FormUrlEncodedContent(form));

    /// <summary>A client like a browser's: it keeps cookies and does not follow redirects.</summary>
    public static HttpClient CreateBrowserClient(this SwitchboardTestServer server) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };

    [GeneratedRegex("""<input type="hidden" name="([^"]+)" value="([^"]+)" />""")]
    private static partial Regex AntiforgeryField();
}
