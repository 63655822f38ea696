using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Switchboard.Server.Common;
using Switchboard.Server.Concurrency;
using Switchboard.Server.Json;
using Switchboard.Server.Paging;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Connections;

/// <summary>The six Connections operations of the Codat Platform API.</summary>
internal static class ConnectionsApi
{
    public static RouteGroupBuilder MapConnections(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/companies/{companyId}/connections").RequireAuthorization();
        group.MapGet("/", List);
        group.MapPost("/", Create);
        group.MapGet("/{connectionId}", Get);
        group.MapDelete("/{connectionId}", Delete);
        group.MapPatch("/{connectionId}", Unlink);
        group.MapPut("/{connectionId}/authorization", UpdateAuthorization);
        return group;
    }

    public static async Task<Ok<PagedResponse<Connection>>> List(
        string companyId, [AsParameters] ListParameters parameters, HttpContext context, ConnectionReader connections, CurrentTenant tenant, PublicUrls urls, CancellationToken cancellationToken)
    {
        var company = RouteIds.Parse(companyId, "companyId");
        var page = PageRequest.From(parameters);
        return TypedResults.Ok(await connections.ListAsync(tenant.Id, company, page, c => c.ToConnection(urls), context.Request.Path, cancellationToken));
    }

    public static async Task<Ok<Connection>> Create(
        string companyId, HttpRequest request, ConnectionService connections, PublicUrls urls, CancellationToken cancellationToken)
    {
        var company = RouteIds.Parse(companyId, "companyId");
        var body = await request.ReadJsonAsync(WireJson.Context.CreateConnectionBody, cancellationToken);
        var connection = await connections.CreateAsync(company, body.PlatformKey, cancellationToken);
        return Answer(connection, request.HttpContext.Response, urls);
    }

    public static async Task<Ok<Connection>> Get(
        string companyId, string connectionId, HttpResponse response, ConnectionReader connections, CurrentTenant tenant, PublicUrls urls, CancellationToken cancellationToken)
    {
        var connection = await connections.GetAsync(tenant.Id, RouteIds.Parse(companyId, "companyId"), RouteIds.Parse(connectionId, "connectionId"), cancellationToken);
        return Answer(connection, response, urls);
    }

    public static async Task<Ok> Delete(
        string companyId, string connectionId, HttpRequest request, ConnectionService connections, CancellationToken cancellationToken)
    {
        var company = RouteIds.Parse(companyId, "companyId");
        var connection = RouteIds.Parse(connectionId, "connectionId");
        await connections.DeleteAsync(company, connection, request.IfMatch(), cancellationToken);
        return TypedResults.Ok();
    }

    public static async Task<Ok<Connection>> Unlink(
        string companyId, string connectionId, HttpRequest request, ConnectionService connections, PublicUrls urls, CancellationToken cancellationToken)
    {
        var company = RouteIds.Parse(companyId, "companyId");
        var connectionGuid = RouteIds.Parse(connectionId, "connectionId");
        var body = await request.ReadJsonAsync(WireJson.Context.UpdateConnectionStatusBody, cancellationToken);
        var connection = await connections.UnlinkAsync(company, connectionGuid, body.Status, request.IfMatch(), cancellationToken);
        return Answer(connection, request.HttpContext.Response, urls);
    }

    public static async Task<Ok<Connection>> UpdateAuthorization(
        string companyId, string connectionId, HttpRequest request, ConnectionService connections, PublicUrls urls, CancellationToken cancellationToken)
    {
        var company = RouteIds.Parse(companyId, "companyId");
        var connectionGuid = RouteIds.Parse(connectionId, "connectionId");
        var body = await request.ReadJsonAsync(WireJson.Context.DictionaryStringString, cancellationToken);
        var connection = await connections.AuthorizeAsync(company, connectionGuid, body, request.IfMatch(), cancellationToken);
        return Answer(connection, request.HttpContext.Response, urls);
    }

    private static Ok<Connection> Answer(ConnectionEntity connection, HttpResponse response, PublicUrls urls)
    {
        response.SetETag(connection.Version);
        return TypedResults.Ok(connection.ToConnection(urls));
    }
}
