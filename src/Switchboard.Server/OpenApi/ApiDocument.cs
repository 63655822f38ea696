using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
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
        routes.MapOpenApi(Path).AllowAnonymous().AddEndpointFilter(new GeneratedOnce().InvokeAsync);
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

    /// <summary>
    /// The document is generated on the first request and its bytes served from then on, with an <c>ETag</c> (a
    /// matching <c>If-None-Match</c> answers 304). ASP.NET Core generates it on every request otherwise: about 65 ms
    /// of CPU for an anonymous caller, each time. The endpoints cannot change while the server runs, so neither can it.
    /// Only the body and its type are kept: the headers other middleware set (correlation id, rate limits) stay the
    /// request's own.
    /// </summary>
    private sealed class GeneratedOnce
    {
        private Document? _document;

        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
        {
            var context = invocation.HttpContext;
            if (_document is null)
            {
                var body = context.Response.Body;
                using var buffer = new MemoryStream();
                context.Response.Body = buffer;
                try
                {
                    await next(invocation);
                }
                finally
                {
                    context.Response.Body = body;
                }

                if (context.Response.StatusCode != StatusCodes.Status200OK)
                {
                    await body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
                    return null;
                }

                var bytes = buffer.ToArray();
                _document = new Document(bytes, context.Response.ContentType ?? "application/json;charset=utf-8",
                    new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..32]}\""));
            }

            var document = _document;
            context.Response.Headers.ETag = document.ETag.ToString();
            // If-None-Match compares weakly, may list several tags, or be "*" (RFC 9110, 13.1.2).
            if (context.Request.GetTypedHeaders().IfNoneMatch.Any(tag =>
                    tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(document.ETag, useStrongComparison: false)))
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return null;
            }

            context.Response.ContentType = document.ContentType;
            context.Response.ContentLength = document.Bytes.Length;
            await context.Response.Body.WriteAsync(document.Bytes, context.RequestAborted);
            return null;
        }

        private sealed record Document(byte[] Bytes, string ContentType, EntityTagHeaderValue ETag);
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
