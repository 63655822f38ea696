using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Switchboard.Server.Json;
using Switchboard.Server.OpenApi;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.Profiles;

/// <summary>The tenant's profile (Codat's Settings <c>GET/PUT /profile</c>): the Link pages' name, logo and redirect URL.</summary>
internal static class ProfileApi
{
    public static RouteGroupBuilder MapProfile(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).RequireAuthorization().WithTags("Settings").ProducesErrors(EndpointDescriptions.ApiErrors);
        group.MapGet("/profile", Get).WithName("get-profile");
        // Codat's body is the Profile itself; ProfileBody reads it with every field optional, so a missing one is a 400 naming it.
        group.MapPut("/profile", Replace).WithName("update-profile").AcceptsJson<Profile>();
        return group;
    }

    public static async Task<Ok<Profile>> Get(ProfileService profiles, CurrentTenant tenant, CancellationToken cancellationToken) =>
        TypedResults.Ok(ToProfile(await profiles.GetAsync(tenant.TenantId, cancellationToken)));

    public static async Task<Ok<Profile>> Replace(HttpRequest request, ProfileService profiles, CurrentTenant tenant, CancellationToken cancellationToken)
    {
        var body = await request.ReadJsonAsync(WireJson.Context.ProfileBody, cancellationToken);
        return TypedResults.Ok(ToProfile(await profiles.ReplaceAsync(tenant.TenantId, body, cancellationToken)));
    }

    private static Profile ToProfile(ProfileEntity entity) => new()
    {
        Name = entity.Name,
        LogoUrl = entity.LogoUrl,
        IconUrl = entity.IconUrl,
        RedirectUrl = entity.RedirectUrl,
        WhiteListUrls = entity.WhiteListUrls,
        ConfirmCompanyName = entity.ConfirmCompanyName,
    };
}
