using Microsoft.AspNetCore.Http;

namespace Switchboard.Server.Link;

/// <summary>
/// The headers of every answer under <c>/link</c>, set just before the answer starts so no handler (or the antiforgery
/// service, which sets its own caching and framing headers) can weaken them: a Content-Security-Policy without inline
/// script that no page may frame and whose forms post only here (and, when a form's answer redirects on, to where it
/// goes: a platform's authorize page, the tenant's redirect URL), no referrer (a link carries its token in its URL),
/// no MIME sniffing, and no caching of pages.
/// </summary>
internal static class LinkHeaders
{
    private const string FormTargetsKey = "Switchboard.Link.FormTargets";

    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        http.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = Policy(http.Items.TryGetValue(FormTargetsKey, out var targets) ? (HashSet<string>)targets! : []);
            headers["Referrer-Policy"] = "no-referrer";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            // Pages are never kept (they carry tokens); the stylesheet and logos may be, so a page costs one request.
            if (http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) != false)
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }
            else if (http.Response.StatusCode == StatusCodes.Status200OK)
            {
                headers.CacheControl = "public, max-age=3600";
            }
            return Task.CompletedTask;
        }, http);
        return await next(context);
    }

    /// <summary>Lets this answer's forms lead on to <paramref name="url"/>'s origin (an absolute http or https URL; others are ignored).</summary>
    public static void AllowFormTarget(HttpContext context, string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return;
        }

        if (!context.Items.TryGetValue(FormTargetsKey, out var targets))
        {
            context.Items[FormTargetsKey] = targets = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        }

        ((HashSet<string>)targets!).Add(uri.GetLeftPart(UriPartial.Authority));
    }

    internal static string Policy(IEnumerable<string> formTargets) =>
        "default-src 'none'; style-src 'self'; img-src 'self' https:; base-uri 'none'; frame-ancestors 'none'; " +
        $"form-action {string.Join(' ', formTargets.Prepend("'self'"))}";
}
