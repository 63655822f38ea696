using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Switchboard.Server.Paging;

namespace Switchboard.Server.OpenApi;

/// <summary>
/// The handlers bind ids and paging parameters as text, so that a malformed one is a 400 naming it rather than the
/// framework's bare one; the document shows them as what they are, with Codat's types and bounds.
/// </summary>
internal sealed class ParameterSchemaTransformer : IOpenApiOperationTransformer
{
    /// <summary>The route ids parsed as GUIDs that Codat documents as <c>uuid</c> (<c>apiKeyId</c> it leaves a plain string), and the delivery log's own.</summary>
    private static readonly HashSet<string> UuidPathParameters = new(StringComparer.Ordinal) { "companyId", "connectionId", "webhookId", "deliveryId" };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (SchemaOf(parameter) is { } schema)
            {
                parameter.Schema = schema;
            }
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema? SchemaOf(OpenApiParameter parameter) => parameter switch
    {
        { In: ParameterLocation.Query, Name: "page" } => Int32(minimum: 1, maximum: null, defaultValue: 1),
        { In: ParameterLocation.Query, Name: "pageSize" } => Int32(minimum: 1, maximum: PageRequest.MaxPageSize, defaultValue: PageRequest.DefaultPageSize),
        { In: ParameterLocation.Path, Name: { } name } when UuidPathParameters.Contains(name) => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
        _ => null,
    };

    private static OpenApiSchema Int32(int minimum, int? maximum, int defaultValue) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int32",
        Minimum = minimum.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Maximum = maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Default = JsonValue.Create(defaultValue),
    };
}
