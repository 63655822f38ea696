using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Switchboard.Server.Common;
using Switchboard.Server.Errors;
using Switchboard.Server.OpenApi;
using Switchboard.Server.Paging;

namespace Switchboard.Server.Integrations;

/// <summary>Integrations: list, get, branding. The catalogue is in memory, so paging runs there too.</summary>
internal static class IntegrationsApi
{
    public static RouteGroupBuilder MapIntegrations(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).RequireAuthorization().WithTags("Integrations")
            .ProducesErrors(EndpointDescriptions.ApiErrors).ProducesErrors(StatusCodes.Status400BadRequest);
        group.MapGet("/integrations", List).WithName("list-integrations");
        group.MapGet("/integrations/{platformKey}", Get).WithName("get-integration").ProducesErrors(StatusCodes.Status404NotFound);
        group.MapGet("/integrations/{platformKey}/branding", GetBranding).WithName("get-integrations-branding").ProducesErrors(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Ok<PagedResponse<Integration>>> List(
        [AsParameters] ListParameters parameters, HttpContext context, IntegrationCatalog catalog, PublicUrls urls, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.All.AsQueryable()
            .ToPageAsync(PageRequest.From(parameters), IntegrationQuerySchema.Instance, i => i.ToIntegration(urls), context.Request.Path, cancellationToken));

    public static Ok<Integration> Get(string platformKey, IntegrationCatalog catalog, PublicUrls urls) =>
        TypedResults.Ok(Find(platformKey, catalog).ToIntegration(urls));

    public static Ok<Branding> GetBranding(string platformKey, IntegrationCatalog catalog, PublicUrls urls) =>
        TypedResults.Ok(Find(platformKey, catalog).ToBranding(urls));

    private static IntegrationDefinition Find(string platformKey, IntegrationCatalog catalog)
    {
        if (!IntegrationCatalog.IsWellFormedKey(platformKey))
        {
            throw ApiException.InvalidField("platformKey", $"platformKey '{Echo.Shorten(platformKey)}' is malformed: a platform key is exactly four lowercase letters.");
        }

        return catalog.Find(platformKey) ?? throw ApiException.NotFound($"Integration not found: no integration has the platform key '{platformKey}'.");
    }
}
