using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using Switchboard.Server.Errors;
using Switchboard.Server.Idempotency;

namespace Switchboard.Server.OpenApi;

/// <summary>
/// Per operation: the security requirement when it needs an API key, the <c>If-Match</c> and <c>Idempotency-Key</c>
/// headers it honours (with the errors the idempotency middleware answers), and the extension mark.
/// </summary>
internal sealed class ApiOperationTransformer : IOpenApiOperationTransformer
{
    public const string ExtensionName = "x-switchboard-extension";

    /// <summary>
    /// What <see cref="IdempotencyMiddleware"/> answers itself, before any handler: a key that is not a GUID (400), a
    /// repeat while the first request still runs (409), a body over the limit or sent too slowly, read to compare
    /// repeats even where the handler reads none (413, 408), and a key reused with another request (422).
    /// </summary>
    private static readonly int[] IdempotencyErrors =
    [
        StatusCodes.Status400BadRequest, StatusCodes.Status408RequestTimeout, StatusCodes.Status409Conflict,
        StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity,
    ];

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
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
            AddHeader(operation, "If-Match", new OpenApiSchema { Type = JsonSchemaType.String },
                "Applies the change only if the entity tag (the ETag of an earlier answer) is still current; otherwise 412.");
        }

        // IdempotencyMiddleware: POST and PATCH by an authenticated caller, except what is safe to repeat, whose key it passes through.
        if (authorized && (HttpMethods.IsPost(method) || HttpMethods.IsPatch(method)) && metadata.OfType<SafeToRepeat>().Any())
        {
            AddHeader(operation, IdempotencyMiddleware.HeaderName, new OpenApiSchema { Type = JsonSchemaType.String },
                "Accepted and not needed: repeating this request is safe, and each repeat answers as things then are.");
        }
        else if (authorized && (HttpMethods.IsPost(method) || HttpMethods.IsPatch(method)))
        {
            AddHeader(operation, IdempotencyMiddleware.HeaderName, new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
                "A GUID: a repeat with the same key and body replays the first answer instead of acting again; a different body is a 422, " +
                "and a repeat while the first request still runs a 409.");
            await AddErrorsAsync(operation, context, IdempotencyErrors, cancellationToken);
        }

        if (metadata.OfType<SwitchboardExtensionAttribute>().Any())
        {
            operation.Extensions = WithExtensionMark(operation.Extensions);
        }
    }

    /// <summary>The extensions of an operation or schema, with <c>x-switchboard-extension: true</c>.</summary>
    internal static IDictionary<string, IOpenApiExtension> WithExtensionMark(IDictionary<string, IOpenApiExtension>? extensions)
    {
        extensions ??= new Dictionary<string, IOpenApiExtension>();
        extensions[ExtensionName] = new JsonNodeExtension(JsonValue.Create(true));
        return extensions;
    }

    private static void AddHeader(OpenApiOperation operation, string name, OpenApiSchema schema, string description)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = false,
            Description = description,
            Schema = schema,
        });
    }

    /// <summary>Each status as an <see cref="ErrorMessage"/> answer, unless the endpoint already declares it.</summary>
    private static async Task AddErrorsAsync(
        OpenApiOperation operation, OpenApiOperationTransformerContext context, IEnumerable<int> statusCodes, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        document.AddComponent(nameof(ErrorMessage), await context.GetOrCreateSchemaAsync(typeof(ErrorMessage), cancellationToken: cancellationToken));
        operation.Responses ??= [];
        foreach (var statusCode in statusCodes)
        {
            operation.Responses.TryAdd(statusCode.ToString(CultureInfo.InvariantCulture), new OpenApiResponse
            {
                Description = ReasonPhrases.GetReasonPhrase(statusCode),
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchemaReference(nameof(ErrorMessage), document) },
                },
            });
        }
    }
}
