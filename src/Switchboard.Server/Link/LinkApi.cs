using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Switchboard.Server.Common;
using Switchboard.Server.Connections;
using Switchboard.Server.Errors;
using Switchboard.Server.Integrations;
using Switchboard.Server.OAuth;
using Switchboard.Server.Profiles;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Link;

/// <summary>
/// The end user's side: the pages behind a connection's <c>linkUrl</c> and a company's <c>redirect</c>, their stylesheet
/// and integration logos. No API key here: a signed token in the URL is what lets the end user in, as with Codat Link.
/// Every form post carries the framework's antiforgery token, checked before anything changes.
/// </summary>
internal static partial class LinkApi
{
    public static RouteGroupBuilder MapLink(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/link").AllowAnonymous().AddEndpointFilter(LinkHeaders.Filter);
        group.MapGet("/assets/link.css", Stylesheet);
        group.MapGet("/logos/{platformKey}.svg", Logo);
        group.MapGet("/companies/{companyId}", CompanyLinkPages.Show);
        group.MapPost("/companies/{companyId}", CompanyLinkPages.Choose);
        group.MapGet("/companies/{companyId}/connections/{connectionId}/start", Start);
        group.MapPost("/companies/{companyId}/connections/{connectionId}/start", Submit);
        return group;
    }

    private static readonly Lazy<byte[]> Css = new(() =>
    {
        using var stream = typeof(LinkApi).Assembly.GetManifestResourceStream("Switchboard.Server.Link.Pages.link.css")
            ?? throw new InvalidOperationException("The Link pages' stylesheet is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static IResult Stylesheet() => Results.Bytes(Css.Value, "text/css; charset=utf-8");

    public static IResult Logo(string platformKey, IntegrationCatalog catalog)
    {
        var integration = catalog.Find(platformKey);
        if (integration is null)
        {
            throw ApiException.NotFound("Integration not found.");
        }

        var initials = PlatformMonogram.Initials(integration.Name);
        var hue = PlatformMonogram.Hue(integration) * (360 / PlatformMonogram.Hues);
        var svg = $"""<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96"><rect width="96" height="96" rx="16" fill="hsl({hue},55%,32%)"/><text x="48" y="60" font-family="sans-serif" font-size="36" text-anchor="middle" fill="#fff">{HtmlEncoder.Default.Encode(initials)}</text></svg>""";
        return Results.Text(svg, "image/svg+xml", Encoding.UTF8);
    }

    public static async Task<IResult> Start(
        string companyId, string connectionId, string? token, HttpContext context, LinkSession session, LinkFinish finish, ProfileService profiles,
        OAuthLinkFlow oauth, IAntiforgery antiforgery, PublicUrls urls, CancellationToken cancellationToken)
    {
        var link = await session.OpenAsync(companyId, connectionId, token, cancellationToken);
        var brand = await BrandAsync(link, profiles, cancellationToken);
        if (link.Refusal is { } refusal)
        {
            return LinkPages.Refusal(brand, refusal);
        }

        var (connection, integration) = (link.Connection!, link.Integration!);
        if (integration.AuthorizationScheme == AuthorizationScheme.OAuth2)
        {
            if (oauth.RefusalFor(integration) is { } notReady)
            {
                return LinkPages.Refusal(brand, notReady);
            }

            // The form leads on to the platform's consent: the page's policy must let it.
            LinkHeaders.AllowFormTarget(context, integration.OAuth!.AuthorizeUrl!.AbsoluteUri);
        }

        // The form's answer may redirect to the tenant's redirect URL; the page's policy must let it.
        LinkHeaders.AllowFormTarget(context, await finish.RedirectTargetAsync(connection, LinkFinish.CustomPlaceholders(context.Request.Query), cancellationToken));
        return LinkPages.Start(brand, integration, integration.CredentialFields ?? [], antiforgery.GetAndStoreTokens(context), integration.LogoUrl ?? urls.Logo(integration.Key));
    }

    public static async Task<IResult> Submit(
        string companyId, string connectionId, string? token, HttpContext context, LinkSession session, LinkFinish finish, ProfileService profiles,
        OAuthLinkFlow oauth, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        // The body is read before anything is answered, so an early answer never races a client still sending it.
        var form = await ReadFormAsync(context.Request, cancellationToken);
        var link = await session.OpenAsync(companyId, connectionId, token, cancellationToken);
        var brand = await BrandAsync(link, profiles, cancellationToken);
        if (form is null)
        {
            return LinkPages.Unreadable(brand);
        }

        if (link.Refusal is { } refusal)
        {
            return LinkPages.Refusal(brand, refusal);
        }

        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return LinkPages.Forged(brand);
        }

        var (connection, integration) = (link.Connection!, link.Integration!);
        var custom = LinkFinish.CustomPlaceholders(context.Request.Query);
        if (form["action"] == "cancel")
        {
            return await finish.FinishAsync(new LinkOutcome(LinkResult.Cancelled, connection, null), connection, custom, cancellationToken);
        }

        if (integration.AuthorizationScheme == AuthorizationScheme.OAuth2)
        {
            return oauth.RefusalFor(integration) is { } notReady
                ? await finish.FinishAsync(new LinkOutcome(LinkResult.NotSupported, connection, notReady.Message), connection, custom, cancellationToken)
                : new UnloggedRedirect((await oauth.BeginAsync(link, custom, cancellationToken)).AbsoluteUri);
        }

        var credentials = form.Keys.Where(k => integration.AuthorizationKeys.Contains(k)).ToDictionary(k => k, k => form[k].ToString(), StringComparer.Ordinal);
        try
        {
            var linked = await session.AuthorizeAsync(link, credentials, cancellationToken);
            return await finish.FinishAsync(new LinkOutcome(LinkResult.Linked, linked, null), connection, custom, cancellationToken);
        }
        catch (ApiException error) when (error.StatusCode == StatusCodes.Status412PreconditionFailed)
        {
            // The connection changed since the link was checked (another tab linked it first): the link is spent.
            return LinkPages.Refusal(brand, LinkSession.Spent);
        }
        catch (ApiException error)
        {
            // A 409: another connection of this kind was linked since the page was opened; say so in the end user's words.
            var message = error.StatusCode == StatusCodes.Status409Conflict && await session.FindLinkedRivalAsync(connection, cancellationToken) is { } rival
                ? LinkSession.OneOfAKind(integration, rival).Message
                : error.Message;
            return await finish.FinishAsync(new LinkOutcome(LinkResult.Failed, connection, message), connection, custom, cancellationToken, error.StatusCode);
        }
    }

    /// <summary>The posted form; null when the body is not a form that can be read (nothing is changed then).</summary>
    internal static async Task<IFormCollection?> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            if (request.HasFormContentType)
            {
                return await request.ReadFormAsync(cancellationToken);
            }

            await request.Body.CopyToAsync(Stream.Null, cancellationToken);
            return FormCollection.Empty;
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or BadHttpRequestException)
        {
            return null;
        }
    }

    private static async Task<LinkBrand> BrandAsync(OpenedLink link, ProfileService profiles, CancellationToken cancellationToken)
    {
        if (link.Claims is not { } claims)
        {
            return LinkPages.Anonymous;
        }

        return await BrandAsync(claims.Connection.Tenant, profiles, cancellationToken);
    }

    internal static async Task<LinkBrand> BrandAsync(TenantId tenant, ProfileService profiles, CancellationToken cancellationToken)
    {
        var profile = await profiles.GetAsync(tenant, cancellationToken);
        return new LinkBrand(profile.Name.Length > 0 ? profile.Name : LinkPages.Anonymous.Name, profile.LogoUrl);
    }
}
