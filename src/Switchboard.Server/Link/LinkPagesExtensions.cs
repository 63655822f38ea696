using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.Server.Link;

internal static class LinkPagesExtensions
{
    /// <summary>Server-side Razor components (the pages) and the framework's antiforgery for their forms.</summary>
    public static IServiceCollection AddLinkPages(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddAntiforgery(options =>
        {
            // The pages send a stricter X-Frame-Options (and CSP frame-ancestors) themselves: LinkHeaders.
            options.SuppressXFrameOptionsHeader = true;
            options.Cookie.Name = "switchboard-link-antiforgery";
            options.Cookie.Path = "/link";
        });
        return services;
    }
}
