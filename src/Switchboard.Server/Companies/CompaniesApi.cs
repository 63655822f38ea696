using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Switchboard.Server.Common;
using Switchboard.Server.Concurrency;
using Switchboard.Server.Errors;
using Switchboard.Server.Json;
using Switchboard.Server.OpenApi;
using Switchboard.Server.Paging;

namespace Switchboard.Server.Companies;

/// <summary>Companies: create, list, get, replace, update, delete.</summary>
internal static class CompaniesApi
{
    public static RouteGroupBuilder MapCompanies(this IEndpointRouteBuilder routes)
    {
        // Full paths in a group without a prefix, here and in the other APIs: a prefixed group's root would be the route
        // "/companies/" in the http.route tag, the metrics and the request log, where the document and Codat write "/companies".
        var group = routes.MapGroup(string.Empty).RequireAuthorization().WithTags("Companies").ProducesErrors(EndpointDescriptions.ApiErrors);
        group.MapGet("/companies", List).WithName("list-companies").ProducesErrors(StatusCodes.Status400BadRequest);
        group.MapPost("/companies", Create).WithName("create-company").AcceptsJson<CompanyBody>()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/companies/{companyId}", Get).WithName("get-company").ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        // 409: another request changed the company between this one's read and write (without If-Match; with it, 412).
        group.MapPut("/companies/{companyId}", Replace).WithName("replace-company").AcceptsJson<CompanyBody>().WithIfMatch()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapPatch("/companies/{companyId}", Update).WithName("update-company").AcceptsJson<CompanyUpdateBody>().WithIfMatch()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapDelete("/companies/{companyId}", Delete).WithName("delete-company").WithIfMatch().ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Ok<PagedResponse<Company>>> List(
        [AsParameters] ListParameters parameters, string? tags, HttpContext context, CompanyService companies, PublicUrls urls, CancellationToken cancellationToken)
    {
        var page = PageRequest.From(parameters);
        var source = companies.All;
        if (TagFilter.Parse(tags) is { } tagFilter)
        {
            source = source.Where(tagFilter);
        }

        return TypedResults.Ok(await source.ToPageAsync(page, CompanyQuerySchema.Instance, c => c.ToCompany(urls), context.Request.Path, cancellationToken));
    }

    public static async Task<Ok<Company>> Create(HttpRequest request, CompanyService companies, PublicUrls urls, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync(WireJson.Context.CompanyBody, cancellationToken);
        var company = await companies.CreateAsync(body, cancellationToken);
        request.HttpContext.Response.SetETag(company.Version);
        return TypedResults.Ok(company.ToCompany(urls));
    }

    public static async Task<Ok<Company>> Get(string companyId, HttpResponse response, CompanyService companies, PublicUrls urls, CancellationToken cancellationToken)
    {
        var (company, connections) = await companies.GetWithConnectionsAsync(RouteIds.Parse(companyId, "companyId"), cancellationToken);
        response.SetETag(company.Version);
        return TypedResults.Ok(company.ToCompany(urls, connections));
    }

    public static Task<Ok<Company>> Replace(string companyId, HttpRequest request, CompanyService companies, PublicUrls urls, CancellationToken cancellationToken) =>
        Change(companyId, request, replace: true, companies, urls, cancellationToken);

    public static Task<Ok<Company>> Update(string companyId, HttpRequest request, CompanyService companies, PublicUrls urls, CancellationToken cancellationToken) =>
        Change(companyId, request, replace: false, companies, urls, cancellationToken);

    public static async Task<NoContent> Delete(string companyId, HttpRequest request, CompanyService companies, CancellationToken cancellationToken)
    {
        await companies.DeleteAsync(RouteIds.Parse(companyId, "companyId"), request.IfMatch(), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<Company>> Change(
        string companyId, HttpRequest request, bool replace, CompanyService companies, PublicUrls urls, CancellationToken cancellationToken)
    {
        var id = RouteIds.Parse(companyId, "companyId");
        var body = replace
            ? await request.ReadJsonAsync(WireJson.Context.CompanyBody, cancellationToken)
            : (await request.ReadJsonAsync(WireJson.Context.CompanyUpdateBody, cancellationToken)).ToCompanyBody();
        var company = await companies.UpdateAsync(id, body, replace, request.IfMatch(), cancellationToken);
        request.HttpContext.Response.SetETag(company.Version);
        return TypedResults.Ok(company.ToCompany(urls));
    }
}
