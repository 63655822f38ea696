using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Switchboard.Server.Auth;
using Switchboard.Server.Common;
using Switchboard.Server.Idempotency;
using Switchboard.Server.Json;
using Switchboard.Server.OpenApi;
using Switchboard.Server.Tenancy;

namespace Switchboard.Server.ApiKeys;

/// <summary>API keys: list, create (the key is shown once, in this response only), delete.</summary>
internal static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeys(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).RequireAuthorization().WithTags("Settings").ProducesErrors(EndpointDescriptions.ApiErrors);
        group.MapGet("/apiKeys", List).WithName("list-api-keys");
        group.MapPost("/apiKeys", Create).CarriesSecret("API key").WithName("create-api-key").AcceptsJson<CreateApiKeyBody>(optional: true)
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapDelete("/apiKeys/{apiKeyId}", Delete).WithName("delete-api-key")
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return group;
    }

    public static async Task<Ok<ApiKeyList>> List(ApiKeyService keys, CurrentTenant tenant, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ApiKeyList([.. (await keys.ListAsync(tenant.TenantId, cancellationToken)).Select(k => ToDetails(k, secret: null))]));

    public static async Task<Created<ApiKeyDetails>> Create(HttpRequest request, ApiKeyService keys, CurrentTenant tenant, CancellationToken cancellationToken)
    {
        // The body is optional: an empty POST creates an unnamed key.
        var body = request.ContentLength is 0 ? new CreateApiKeyBody(null) : await request.ReadJsonAsync(WireJson.Context.CreateApiKeyBody, cancellationToken);
        var (key, secret) = await keys.CreateAsync(tenant.TenantId, body.Name, cancellationToken);
        return TypedResults.Created($"/apiKeys/{key.Id}", ToDetails(key, secret));
    }

    public static async Task<NoContent> Delete(string apiKeyId, ApiKeyService keys, CurrentTenant tenant, CancellationToken cancellationToken)
    {
        await keys.DeleteAsync(tenant.TenantId, RouteIds.Parse(apiKeyId, "apiKeyId"), cancellationToken);
        return TypedResults.NoContent();
    }

    private static ApiKeyDetails ToDetails(ApiKeyEntity key, string? secret) => new(key.Id, key.Name, secret, key.Created);
}
