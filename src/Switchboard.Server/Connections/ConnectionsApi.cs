using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Switchboard.Server.Common;
using Switchboard.Server.Companies;
using Switchboard.Server.Concurrency;
using Switchboard.Server.Errors;
using Switchboard.Server.Json;
using Switchboard.Server.Link;
using Switchboard.Server.OpenApi;
using Switchboard.Server.Paging;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Connections;

/// <summary>The six Connections operations of the Codat Platform API, and the link extension.</summary>
internal static class ConnectionsApi
{
    public static RouteGroupBuilder MapConnections(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).RequireAuthorization().WithTags("Connections")
            .ProducesErrors(EndpointDescriptions.ApiErrors).ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapGet("/companies/{companyId}/connections", List).WithName("list-connections");
        group.MapPost("/companies/{companyId}/connections", Create).WithName("create-connection").AcceptsJson<CreateConnectionBody>()
            .ProducesErrors(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/companies/{companyId}/connections/{connectionId}", Get).WithName("get-connection");
        group.MapDelete("/companies/{companyId}/connections/{connectionId}", Delete).WithName("delete-connection").WithIfMatch();
        group.MapPatch("/companies/{companyId}/connections/{connectionId}", Unlink).WithName("unlink-connection").AcceptsJson<UpdateConnectionStatusBody>().WithIfMatch()
            .ProducesErrors(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPut("/companies/{companyId}/connections/{connectionId}/authorization", UpdateAuthorization).WithName("update-connection-authorization")
            .AcceptsJson<Dictionary<string, string>>().WithIfMatch().ProducesErrors(StatusCodes.Status409Conflict);
        group.MapPost("/companies/{companyId}/connections/{connectionId}/link", CreateLink).WithName("create-connection-link").WithoutRequestBody().AsSwitchboardExtension()
            .ProducesErrors(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public static async Task<Ok<PagedResponse<Connection>>> List(
        string companyId, [AsParameters] ListParameters parameters, HttpContext context, ConnectionStore connections, CurrentTenant tenant, PublicUrls urls, CancellationToken cancellationToken)
    {
        var company = new CompanyId(RouteIds.Parse(companyId, "companyId"));
        var request = PageRequest.From(parameters);
        var page = await connections.ListAsync(tenant.TenantId, company, request, cancellationToken)
            ?? throw ApiException.NotFound(CompanyService.NotFoundMessage);
        return TypedResults.Ok(Pager.ToResponse([.. page.Rows.Select(c => c.ToConnection(urls))], request, page.Total, context.Request.Path));
    }

    public static async Task<Ok<Connection>> Create(
        string companyId, HttpRequest request, ConnectionService connections, CurrentTenant tenant, PublicUrls urls, CancellationToken cancellationToken)
    {
        var company = new CompanyId(RouteIds.Parse(companyId, "companyId"));
        var body = await request.ReadJsonAsync(WireJson.Context.CreateConnectionBody, cancellationToken);
        var connection = await connections.CreateAsync(tenant.TenantId, company, body.PlatformKey, cancellationToken);
        return Answer(connection, request.HttpContext.Response, urls);
    }

    public static async Task<Ok<Connection>> Get(
        string companyId, string connectionId, HttpResponse response, ConnectionStore connections, CurrentTenant tenant, PublicUrls urls, CancellationToken cancellationToken)
    {
        var connection = await connections.FindAsync(Key(tenant, companyId, connectionId), cancellationToken)
            ?? throw ApiException.NotFound(ConnectionService.NotFoundMessage);
        return Answer(connection, response, urls);
    }

    public static async Task<Ok> Delete(
        string companyId, string connectionId, HttpRequest request, ConnectionService connections, CurrentTenant tenant, CancellationToken cancellationToken)
    {
        await connections.DeleteAsync(Key(tenant, companyId, connectionId), request.IfMatch(), cancellationToken);
        return TypedResults.Ok();
    }

    public static async Task<Ok<Connection>> Unlink(
        string companyId, string connectionId, HttpRequest request, ConnectionService connections, CurrentTenant tenant, PublicUrls urls, CancellationToken cancellationToken)
    {
        var key = Key(tenant, companyId, connectionId);
        var body = await request.ReadJsonAsync(WireJson.Context.UpdateConnectionStatusBody, cancellationToken);
        var connection = await connections.UnlinkAsync(key, body.Status, request.IfMatch(), cancellationToken);
        return Answer(connection, request.HttpContext.Response, urls);
    }

    public static async Task<Ok<Connection>> UpdateAuthorization(
        string companyId, string connectionId, HttpRequest request, ConnectionService connections, CurrentTenant tenant, PublicUrls urls, CancellationToken cancellationToken)
    {
        var key = Key(tenant, companyId, connectionId);
        var body = await request.ReadJsonAsync(WireJson.Context.DictionaryStringString, cancellationToken);
        var connection = await connections.AuthorizeAsync(key, body, VersionGuard.IfMatch(request.IfMatch()), cancellationToken);
        return Answer(connection, request.HttpContext.Response, urls);
    }

    /// <summary>
    /// A fresh link for the company's end user (a Switchboard extension). Unlike the <c>linkUrl</c> every connection
    /// shows, it can re-link an Unlinked or Deauthorized connection; it never replaces a Linked one's credentials.
    /// </summary>
    public static async Task<Ok<ConnectionLink>> CreateLink(
        string companyId, string connectionId, ConnectionStore connections, CurrentTenant tenant, PublicUrls urls, CancellationToken cancellationToken)
    {
        var connection = await connections.FindAsync(Key(tenant, companyId, connectionId), cancellationToken)
            ?? throw ApiException.NotFound(ConnectionService.NotFoundMessage);
        if (connection.Status == DataConnectionStatus.Linked)
        {
            throw ApiException.Conflict(
                "This connection is Linked: a link never replaces a Linked connection's credentials. " +
                "Unlink it first to have it linked again, or update its authorization through the API.");
        }

        var (url, expiresAt) = urls.ConnectionLink(connection, LinkPurpose.Relink);
        return TypedResults.Ok(new ConnectionLink(url, expiresAt.UtcDateTime));
    }

    /// <summary>The connection a request names: the caller's tenant and the route's company and connection ids (a 400 when malformed).</summary>
    internal static ConnectionKey Key(CurrentTenant tenant, string companyId, string connectionId) => new(
        tenant.TenantId,
        new CompanyId(RouteIds.Parse(companyId, "companyId")),
        new ConnectionId(RouteIds.Parse(connectionId, "connectionId")));

    private static Ok<Connection> Answer(ConnectionEntity connection, HttpResponse response, PublicUrls urls)
    {
        response.SetETag(connection.Version);
        return TypedResults.Ok(connection.ToConnection(urls));
    }
}
