using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Switchboard.Server.Companies;
using Switchboard.Server.Configuration;
using Switchboard.Server.Connections;
using Switchboard.Server.Errors;
using Switchboard.Server.Integrations;

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

    public static async Task<IResult> Start(string companyId, string connectionId, LinkSession session, CancellationToken cancellationToken)
    {
        var (connection, integration) = await session.FindAsync(companyId, connectionId, cancellationToken);
        if (connection is null || integration is null)
        {
            return Page("Link not valid", "<p>This authorization link is not valid: the connection does not exist or was deleted. Ask for a new link.</p>", 404);
        }

        var fields = new StringBuilder();
        foreach (var key in integration.AuthorizationKeys)
        {
            var name = HtmlEncoder.Default.Encode(key);
            fields.Append(CultureInfo.InvariantCulture, $"""<label>{name}<br><input name="{name}" type="password" autocomplete="off" required></label><br>""");
        }

        var body = $"""
            <p>Connect <strong>{HtmlEncoder.Default.Encode(integration.Name)}</strong> to share your data.</p>
            <p>Status: {connection.Status}</p>
            <form method="post">{fields}<button type="submit">Connect</button></form>
            """;
        return Page($"Connect {integration.Name}", body, 200);
    }

    public static async Task<IResult> Submit(
        string companyId, string connectionId, HttpRequest request, LinkSession session, IOptions<SwitchboardOptions> options, CancellationToken cancellationToken)
    {
        var (connection, integration) = await session.FindAsync(companyId, connectionId, cancellationToken);
        if (connection is null || integration is null)
        {
            return Page("Link not valid", "<p>This authorization link is not valid: the connection does not exist or was deleted. Nothing was changed.</p>", 404);
        }

        IFormCollection form;
        try
        {
            form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : FormCollection.Empty;
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or BadHttpRequestException)
        {
            return Page("Not connected", "<p>The form could not be read. Nothing was changed: go back and submit it again.</p>", StatusCodes.Status400BadRequest);
        }

        var credentials = form.Keys.Where(k => integration.AuthorizationKeys.Contains(k)).ToDictionary(k => k, k => form[k].ToString(), StringComparer.Ordinal);
        int status;
        string message;
        try
        {
            await session.AuthorizeAsync(connection, credentials, cancellationToken);
            (status, message) = (200, $"<p>{HtmlEncoder.Default.Encode(integration.Name)} is connected. You can close this page.</p>");
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

/// <summary>Finds a link's connection without an API key (through its company's tenant), then acts as that tenant.</summary>
internal sealed class LinkSession(CompanyService companies, ConnectionStore store, ConnectionService connections, IntegrationCatalog catalog)
{
    public async Task<(ConnectionEntity? Connection, IntegrationDefinition? Integration)> FindAsync(string companyId, string connectionId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(companyId, out var company) || !Guid.TryParse(connectionId, out var id)
            || await companies.FindTenantAsync(new CompanyId(company), cancellationToken) is not { } tenant)
        {
            return (null, null);
        }

        var connection = await store.FindAsync(new ConnectionKey(tenant, new CompanyId(company), new ConnectionId(id)), cancellationToken);
        return connection is null ? (null, null) : (connection, catalog.Find(connection.IntegrationKey));
    }

    public Task AuthorizeAsync(ConnectionEntity connection, Dictionary<string, string> credentials, CancellationToken cancellationToken) =>
        connections.AuthorizeAsync(ConnectionKey.Of(connection), credentials, ifMatch: null, cancellationToken);
}
