using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Switchboard.Server.Connections;
using Switchboard.Server.Errors;
using Switchboard.Server.Idempotency;
using Switchboard.Server.Link;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.OAuth;

/// <summary>The platform's way back (<c>GET /link/callback</c>) and the <c>accessToken</c> extension.</summary>
internal static class OAuthApi
{
    public static IEndpointRouteBuilder MapOAuth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/link/callback", Callback).AllowAnonymous().ExcludeFromDescription();
        routes.MapPost("/companies/{companyId}/connections/{connectionId}/accessToken", GetAccessToken)
            .RequireAuthorization()
            .CarriesSecret("access token")
            .Produces<AccessToken>(StatusCodes.Status200OK)
            .Produces<ErrorMessage>(StatusCodes.Status400BadRequest)
            .Produces<ErrorMessage>(StatusCodes.Status401Unauthorized)
            .Produces<ErrorMessage>(StatusCodes.Status404NotFound)
            .Produces<ErrorMessage>(StatusCodes.Status409Conflict)
            .Produces<ErrorMessage>(StatusCodes.Status429TooManyRequests);
        return routes;
    }

    /// <summary>Where the platform sends the end user back; nothing it carries (code, state) is ever shown or logged.</summary>
    public static async Task<IResult> Callback(
        [Microsoft.AspNetCore.Mvc.FromQuery] string? state,
        [Microsoft.AspNetCore.Mvc.FromQuery] string? code,
        [Microsoft.AspNetCore.Mvc.FromQuery] string? error,
        [Microsoft.AspNetCore.Mvc.FromQuery] string? realmId,
        OAuthLinkFlow flow,
        CancellationToken cancellationToken)
    {
        var outcome = await flow.CompleteAsync(state, code, error, realmId, cancellationToken);
        var (title, status) = outcome.Result switch
        {
            LinkResult.Linked => ("Connected", StatusCodes.Status200OK),
            LinkResult.NothingToDo => ("Already connected", StatusCodes.Status200OK),
            LinkResult.Cancelled => ("Not connected", StatusCodes.Status403Forbidden),
            LinkResult.NotSupported => ("Not available", StatusCodes.Status501NotImplemented),
            _ => ("Not connected", StatusCodes.Status400BadRequest),
        };
        return LinkApi.Page(title, outcome.Message ?? "", status, plain: true);
    }

    /// <summary>
    /// A Linked OAuth2 connection's access token (a Switchboard extension), refreshed first when it expires within 60 s.
    /// Never stored by idempotency: it carries a secret.
    /// </summary>
    public static async Task<Ok<AccessToken>> GetAccessToken(
        string companyId, string connectionId, CurrentTenant tenant, TokenKeeper keeper, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keeper.GetAccessTokenAsync(ConnectionsApi.Key(tenant, companyId, connectionId), cancellationToken));
}
