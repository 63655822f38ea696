using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;
using Switchboard.Server.Connections;
using Switchboard.Server.Errors;
using Switchboard.Server.Integrations;
using Switchboard.Server.OAuth;

namespace Switchboard.Server.Link;

/// <summary>
/// The end user's side: the hosted authorization page behind a connection's <c>linkUrl</c>, and integration
/// logos. No API key here: knowing the link is what lets the end user in, as with Codat Link.
/// </summary>
internal static class LinkApi
{
    public static RouteGroupBuilder MapLink(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/link").AllowAnonymous();
        group.MapGet("/logos/{platformKey}.svg", Logo);
        group.MapGet("/companies/{companyId}/connections/{connectionId}/start", Start);
        group.MapPost("/companies/{companyId}/connections/{connectionId}/start", Submit).DisableAntiforgery();
        return group;
    }

    public static IResult Logo(string platformKey, IntegrationCatalog catalog)
    {
        var integration = catalog.Find(platformKey);
        if (integration is null)
        {
            throw ApiException.NotFound("Integration not found.");
        }

        var initials = string.Concat(integration.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(w => char.ToUpperInvariant(w[0])));
        var hue = Math.Abs(integration.IntegrationId.GetHashCode()) % 360;
        var svg = $"""<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96"><rect width="96" height="96" rx="16" fill="hsl({hue},55%,45%)"/><text x="48" y="60" font-family="sans-serif" font-size="36" text-anchor="middle" fill="#fff">{HtmlEncoder.Default.Encode(initials)}</text></svg>""";
        return Results.Text(svg, "image/svg+xml", Encoding.UTF8);
    }

    public static async Task<IResult> Start(string companyId, string connectionId, string? token, LinkSession session, OAuthLinkFlow oauth, CancellationToken cancellationToken)
    {
        var link = await session.OpenAsync(companyId, connectionId, token, cancellationToken);
        if (link.Refusal is { } refusal)
        {
            return Refused(refusal, "");
        }

        if (link.Integration!.AuthorizationScheme == AuthorizationScheme.OAuth2)
        {
            // The platform's own consent: the button posts back here and is sent on to the platform.
            var name = HtmlEncoder.Default.Encode(link.Integration.Name);
            return oauth.RefusalFor(link.Integration) is { } notReady
                ? Refused(notReady, "")
                : Page($"Connect {link.Integration.Name}",
                    $"<p>You will sign in at <strong>{name}</strong> and choose what to share.</p><form method=\"post\"><button type=\"submit\">Continue to {name}</button></form>",
                    200);
        }

        var fields = new StringBuilder();
        foreach (var key in link.Integration!.AuthorizationKeys)
        {
            var name = HtmlEncoder.Default.Encode(key);
            fields.Append(CultureInfo.InvariantCulture, $"""<label>{name}<br><input name="{name}" type="password" autocomplete="off" required></label><br>""");
        }

        var body = $"""
            <p>Connect <strong>{HtmlEncoder.Default.Encode(link.Integration.Name)}</strong> to share your data.</p>
            <form method="post">{fields}<button type="submit">Connect</button></form>
            """;
        return Page($"Connect {link.Integration.Name}", body, 200);
    }

    public static async Task<IResult> Submit(
        string companyId, string connectionId, string? token, HttpRequest request, LinkSession session, OAuthLinkFlow oauth, IOptions<SwitchboardOptions> options, CancellationToken cancellationToken)
    {
        // The body is read before anything is answered, so an early answer never races a client still sending it.
        IFormCollection form;
        try
        {
            if (request.HasFormContentType)
            {
                form = await request.ReadFormAsync(cancellationToken);
            }
            else
            {
                await request.Body.CopyToAsync(Stream.Null, cancellationToken);
                form = FormCollection.Empty;
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or BadHttpRequestException)
        {
            return Page("Not connected", "<p>The form could not be read. Nothing was changed: go back and submit it again.</p>", StatusCodes.Status400BadRequest);
        }

        var link = await session.OpenAsync(companyId, connectionId, token, cancellationToken);
        if (link.Refusal is { } refusal)
        {
            return Refused(refusal, " Nothing was changed.");
        }

        var (connection, integration) = (link.Connection!, link.Integration!);
        if (integration.AuthorizationScheme == AuthorizationScheme.OAuth2)
        {
            return oauth.RefusalFor(integration) is { } notReady
                ? Refused(notReady, " Nothing was changed.")
                : RedirectUnlogged(request.HttpContext.Response, await oauth.BeginAsync(link, cancellationToken));
        }

        var credentials = form.Keys.Where(k => integration.AuthorizationKeys.Contains(k)).ToDictionary(k => k, k => form[k].ToString(), StringComparer.Ordinal);
        int status;
        string message;
        try
        {
            await session.AuthorizeAsync(link, credentials, cancellationToken);
            (status, message) = (200, $"<p>{HtmlEncoder.Default.Encode(integration.Name)} is connected. You can close this page.</p>");
        }
        catch (ApiException error) when (error.StatusCode == StatusCodes.Status412PreconditionFailed)
        {
            // The connection changed since the link was checked (another tab linked it first): the link is spent.
            (status, message) = (StatusCodes.Status410Gone, $"<p>{HtmlEncoder.Default.Encode(LinkSession.Spent.Message)} Nothing was changed.</p>");
        }
        catch (ApiException error)
        {
            (status, message) = (error.StatusCode, $"<p>{HtmlEncoder.Default.Encode(error.Message)}</p>");
        }

        if (options.Value.LinkRedirectUrl is { Length: > 0 } redirect)
        {
            return Results.Redirect(redirect
                .Replace("{companyId}", connection.CompanyId.ToString(), StringComparison.Ordinal)
                .Replace("{connectionId}", connection.Id.ToString(), StringComparison.Ordinal)
                .Replace("{platform}", integration.Key, StringComparison.Ordinal)
                .Replace("{statusCode}", status.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        return Page(status == 200 ? "Connected" : "Not connected", message, status);
    }

    private const string Style = "body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}input{width:100%;margin:.25rem 0 1rem}button{padding:.5rem 1.5rem}";

    private static IResult Refused(LinkRefusal refusal, string suffix) =>
        Page(refusal.Title, $"<p>{HtmlEncoder.Default.Encode(refusal.Message)}{suffix}</p>", refusal.StatusCode);

    /// <summary>A 302 to the platform; not a RedirectResult, which logs its URL (and with it the state).</summary>
    private static IResult RedirectUnlogged(HttpResponse response, Uri location)
    {
        response.Headers.Location = location.AbsoluteUri;
        return Results.StatusCode(StatusCodes.Status302Found);
    }

    /// <summary>A page saying <paramref name="message"/> (plain text, encoded here).</summary>
    internal static IResult Page(string title, string message, int statusCode, bool plain) =>
        Page(title, $"<p>{HtmlEncoder.Default.Encode(message)}</p>", statusCode);

    private static IResult Page(string title, string body, int statusCode) => Results.Content(
        $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
        <title>{HtmlEncoder.Default.Encode(title)}</title>
        <style>{Style}</style>
        </head><body><h1>{HtmlEncoder.Default.Encode(title)}</h1>{body}</body></html>
        """,
        "text/html; charset=utf-8",
        Encoding.UTF8,
        statusCode);
}
