using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Switchboard.Server.Common;
using Switchboard.Server.Concurrency;
using Switchboard.Server.Configuration;
using Switchboard.Server.Errors;
using Switchboard.Server.Json;
using Switchboard.Server.OpenApi;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Connections;

/// <summary>
/// Switchboard's own endpoints (not part of the Codat API) for events that come from a platform in real life,
/// so applications can be tested against them: today, a platform ending a connection's access.
/// </summary>
internal static class SimulationApi
{
    /// <summary>Maps the endpoints when <c>Switchboard:Simulation:Enabled</c> allows; otherwise their paths answer 404 like any unknown one.</summary>
    public static IEndpointRouteBuilder MapSimulation(this IEndpointRouteBuilder routes)
    {
        var options = routes.ServiceProvider.GetRequiredService<IOptions<SwitchboardOptions>>().Value;
        if (options.Simulation.IsEnabled(routes.ServiceProvider.GetRequiredService<IHostEnvironment>()))
        {
            var group = routes.MapGroup(string.Empty).RequireAuthorization()
                .WithTags("Simulation").AsSwitchboardExtension().ProducesErrors(EndpointDescriptions.ApiErrors);
            group.MapPost("/simulate/companies/{companyId}/connections/{connectionId}/deauthorize", Deauthorize).WithName("simulate-deauthorize-connection").AcceptsJson<DeauthorizeBody>(optional: true)
                .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        }

        return routes;
    }

    public static async Task<Ok<Connection>> Deauthorize(
        string companyId, string connectionId, HttpRequest request, ConnectionService connections, CurrentTenant tenant, PublicUrls urls, CancellationToken cancellationToken)
    {
        var key = ConnectionsApi.Key(tenant, companyId, connectionId);
        var body = request.ContentLength is 0 or null && !request.Headers.ContainsKey("Transfer-Encoding")
            ? new DeauthorizeBody(null)
            : await request.ReadJsonAsync(WireJson.Context.DeauthorizeBody, cancellationToken);
        if (body.ErrorMessage is { Length: > DataConnectionErrorRecord.MaxErrorMessageLength } message)
        {
            throw ApiException.InvalidField("errorMessage",
                $"errorMessage must be at most {DataConnectionErrorRecord.MaxErrorMessageLength} characters (got {message.Length}).");
        }

        var result = await connections.DeauthorizeAsync(key, body.ErrorMessage, cancellationToken);
        request.HttpContext.Response.SetETag(result.Version);
        return TypedResults.Ok(result.ToConnection(urls));
    }
}

/// <summary>Body of the deauthorize simulation: the error message the platform gave, optional.</summary>
public sealed record DeauthorizeBody(string? ErrorMessage = null);
