using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Switchboard.Server.OpenApi;

/// <summary>Marks a wire type's property that is Switchboard's own (<see cref="SwitchboardExtensionAttribute"/>) as operations are marked.</summary>
internal sealed class ExtensionPropertyTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo?.AttributeProvider is ICustomAttributeProvider property &&
            property.IsDefined(typeof(SwitchboardExtensionAttribute), inherit: false))
        {
            schema.Extensions = ApiOperationTransformer.WithExtensionMark(schema.Extensions);
        }

        return Task.CompletedTask;
    }
}
