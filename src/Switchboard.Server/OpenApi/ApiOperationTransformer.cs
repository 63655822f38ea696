using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Switchboard.Server.Idempotency;

namespace Switchboard.Server.OpenApi;

/// <summary>
/// Per operation: the security requirement when it needs an API key, the <c>If-Match</c> and <c>Idempotency-Key</c>
/// headers it honours, and the extension mark.
/// </summary>
internal sealed class ApiOperationTransformer : IOpenApiOperationTransformer
{
    public const string ExtensionName = "x-switchboard-extension";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var method = context.Description.HttpMethod ?? string.Empty;
        var authorized = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        if (authorized)
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiDocumentTransformer.SecuritySchemeName, context.Document)] = [],
            });
        }

        if (metadata.OfType<IfMatchHeader>().Any())
        {
            AddHeader(operation, "If-Match", "Applies the change only if the entity tag (the ETag of an earlier answer) is still current; otherwise 412.");
        }

        // IdempotencyMiddleware: POST and PATCH by an authenticated caller.
        if (authorized && (HttpMethods.IsPost(method) || HttpMethods.IsPatch(method)))
        {
            AddHeader(operation, IdempotencyMiddleware.HeaderName,
                "A GUID: a repeat with the same key and body replays the first answer instead of acting again; a different body is a 422.");
        }

        if (metadata.OfType<SwitchboardExtension>().Any())
        {
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions[ExtensionName] = new JsonNodeExtension(JsonValue.Create(true));
        }

        return Task.CompletedTask;
    }

    private static void AddHeader(OpenApiOperation operation, string name, string description)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = false,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }
}
