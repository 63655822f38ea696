using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Switchboard.Server.ApiKeys;
using Switchboard.Server.Companies;
using Switchboard.Server.Configuration;
using Switchboard.Server.Connections;
using Switchboard.Server.Integrations;
using Switchboard.Server.Paging;

using Switchboard.Server.Webhooks;

namespace Switchboard.Server.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document generated from the endpoints (<c>/openapi/v1.json</c>), with Codat's schema names, and the
/// Scalar reference UI at <c>/docs</c> where <c>Switchboard:Docs:Enabled</c> allows.
/// </summary>
internal static class ApiDocument
{
    public const string DocumentName = "v1";
    public const string Path = "/openapi/v1.json";
    public const string DocsPath = "/docs";

    /// <summary>The end user's Link pages are HTML for browsers, not part of the API.</summary>
    public static bool IsApiPath(string? relativePath) =>
        relativePath is not null && !relativePath.StartsWith("link/", StringComparison.OrdinalIgnoreCase);

    public static IServiceCollection AddApiDocument(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => IsApiPath(description.RelativePath);
            options.CreateSchemaReferenceId = SchemaName;
            options.AddDocumentTransformer<ApiDocumentTransformer>();
            options.AddOperationTransformer<ApiOperationTransformer>();
            options.AddOperationTransformer<ParameterSchemaTransformer>();
            options.AddSchemaTransformer<ExtensionPropertyTransformer>();
        });
        return services;
    }

    public static IEndpointRouteBuilder MapApiDocument(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi(Path).AllowAnonymous();
        var options = routes.ServiceProvider.GetRequiredService<IOptions<SwitchboardOptions>>().Value;
        if (options.Docs.IsEnabled(routes.ServiceProvider.GetRequiredService<IHostEnvironment>()))
        {
            routes.MapScalarApiReference(DocsPath, scalar => scalar
                    .WithTitle("Switchboard API")
                    .WithOpenApiRoutePattern(Path))
                .AllowAnonymous();
        }

        return routes;
    }

    /// <summary>Codat's schema names where the server's type names differ, so generated clients match Codat's.</summary>
    private static string? SchemaName(JsonTypeInfo type) => type.Type switch
    {
        var t when t == typeof(PagedResponse<Company>) => "Companies",
        var t when t == typeof(PagedResponse<Connection>) => "Connections",
        var t when t == typeof(PagedResponse<Integration>) => "Integrations",
        var t when t == typeof(PageLinks) => "Links",
        var t when t == typeof(CompanyBody) => "CompanyRequestBody",
        var t when t == typeof(CompanyUpdateBody) => "CompanyUpdateRequest",
        var t when t == typeof(CreateConnectionBody) => "CreateConnectionRequestBody",
        var t when t == typeof(UpdateConnectionStatusBody) => "UpdateConnectionStatus",
        var t when t == typeof(DeauthorizeBody) => "DeauthorizeRequestBody",
        var t when t == typeof(DatatypeFeature) => "DataTypeFeature",
        var t when t == typeof(ApiKeyList) => "ApiKeys",
        var t when t == typeof(CreateApiKeyBody) => "CreateApiKey",
        var t when t == typeof(WebhookConsumerList) => "WebhookConsumers",
        var t when t == typeof(WebhookConsumerBody) => "WebhookConsumerPrototype",
        var t when t == typeof(RotatedSecret) => "RotatedWebhookSecret",
        var t when t == typeof(PagedResponse<WebhookDelivery>) => "WebhookDeliveries",
        _ => OpenApiOptions.CreateDefaultSchemaReferenceId(type),
    };
}
