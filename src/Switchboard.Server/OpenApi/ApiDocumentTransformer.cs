using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Switchboard.Server.OpenApi;

/// <summary>The document's title and its one security scheme, Codat's <c>auth_header</c>.</summary>
internal sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string SecuritySchemeName = "auth_header";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Switchboard",
            Version = "v1",
            Description = "The Codat Platform API's companies, connections and integrations, served by Switchboard. " +
                "Operations and properties marked x-switchboard-extension: true are Switchboard's own.",
        };
        // The server is "/", relative to wherever the document was fetched (Scalar shows and calls that origin). Not the
        // framework's default, the first caller's Host header: the document is generated once and served to everyone, so
        // one request with a forged Host would point every reader (and Scalar's "try it", with the key typed in) elsewhere.
        document.Servers = [new OpenApiServer { Url = "/" }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        // Codat's scheme: the header carries "Basic " and the base64 of the API key (the key alone, not user:password).
        document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "Authorization",
            Description = "The word \"Basic\" followed by a space and the base64 encoding of your API key.",
        };
        return Task.CompletedTask;
    }
}
