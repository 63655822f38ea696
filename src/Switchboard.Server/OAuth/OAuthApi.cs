using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Switchboard.Server.Connections;
using Switchboard.Server.Errors;
using Switchboard.Server.Idempotency;
using Switchboard.Server.Link;
using Switchboard.Server.OpenApi;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.OAuth;

/// <summary>The platform's way back (<c>GET /link/callback</c>) and the <c>accessToken</c> extension.</summary>
internal static class OAuthApi
{
    public static IEndpointRouteBuilder MapOAuth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/link/callback", Callback).AllowAnonymous().ExcludeFromDescription().AddEndpointFilter(LinkHeaders.Filter);
        routes.MapPost("/companies/{companyId}/connections/{connectionId}/accessToken", GetAccessToken)
            .RequireAuthorization()
            .WithTags("Connections")
            .WithName("get-connection-access-token")
            .CarriesSecret("access token")
            .SafeToRepeat()
            .WithoutRequestBody()
            .AsSwitchboardExtension()
            .ProducesErrors(EndpointDescriptions.ApiErrors)
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return routes;
    }

    /// <summary>Where the platform sends the end user back; nothing it carries (code, state) is ever shown or logged.</summary>
    public static async Task<IResult> Callback(
        [Microsoft.AspNetCore.Mvc.FromQuery] string? state,
        [Microsoft.AspNetCore.Mvc.FromQuery] string? code,
        [Microsoft.AspNetCore.Mvc.FromQuery] string? error,
        [Microsoft.AspNetCore.Mvc.FromQuery] string? realmId,
        OAuthLinkFlow flow,
        LinkFinish finish,
        CancellationToken cancellationToken)
    {
        var (outcome, custom) = await flow.CompleteAsync(state, code, error, realmId, cancellationToken);
        // Without a connection (a forged or spent state) there is no tenant to redirect to: say so here.
        return outcome.Connection is { } connection
            ? await finish.FinishAsync(outcome, connection, custom, cancellationToken, outcome.Result switch
            {
                // A link spent meanwhile, or a sign-in that outlived its state; otherwise the platform failed us (its
                // token endpoint's error or silence).
                LinkResult.Spent or LinkResult.Expired => StatusCodes.Status410Gone,
                LinkResult.Failed => StatusCodes.Status502BadGateway,
                _ => null,
            })
            : LinkPages.Message(LinkPages.Anonymous, "Not connected", outcome.Message ?? LinkSession.NotValid.Message, MessageTone.Problem, StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// A Linked OAuth2 connection's access token (a Switchboard extension), refreshed first when it expires within 60 s.
    /// Never stored by idempotency: it carries a secret.
    /// </summary>
    public static async Task<Ok<AccessToken>> GetAccessToken(
        string companyId, string connectionId, CurrentTenant tenant, TokenKeeper keeper, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keeper.GetAccessTokenAsync(ConnectionsApi.Key(tenant, companyId, connectionId), cancellationToken));
}
