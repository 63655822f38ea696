using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Health;
using Switchboard.Server.Idempotency;
using Switchboard.Server.OpenApi;
using Switchboard.Server.Tests.Infrastructure;
using Xunit;

namespace Switchboard.Server.Tests.OpenApi;

/// <summary>
/// The generated document at <c>/openapi/v1.json</c> describes every endpoint the server maps, completely: walked from
/// the server's own <see cref="EndpointDataSource"/>, so an endpoint added without its declarations fails here by name.
/// </summary>
public sealed partial class OpenApiDocumentTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly string[] WriteMethods = ["POST", "PUT", "PATCH"];
    private static readonly string[] CodatPathPrefixes = ["/companies", "/integrations", "/apiKeys", "/webhooks", "/profile"];

    private readonly SwitchboardTestServer _server = shared.Server;

    [Fact]
    public async Task Document_IsOpenApi31_ServedWithoutAnApiKey()
    {
        using var anonymous = _server.CreateClient(apiKey: null);

        var document = await anonymous.GetObjectAsync(ApiDocument.Path);

        Assert.StartsWith("3.1", document["openapi"].Str(), StringComparison.Ordinal);
        Assert.NotEmpty(document["paths"]!.AsObject());
    }

    [Fact]
    public async Task EveryMappedApiEndpoint_IsDocumentedWithItsRequestBodyAndEveryResponseItCanAnswer()
    {
        var document = await _server.Client.GetObjectAsync(ApiDocument.Path);
        var paths = document["paths"]!.AsObject();
        var problems = new List<string>();
        var walked = 0;
        foreach (var endpoint in _server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var metadata = endpoint.Metadata;
            var path = DocumentPath(endpoint.RoutePattern.RawText ?? string.Empty);
            if (metadata.GetMetadata<ProbeEndpoint>() is not null ||
                metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is { ExcludeFromDescription: true } ||
                !ApiDocument.IsApiPath(path.TrimStart('/')))
            {
                continue;
            }

            foreach (var method in metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                walked++;
                var name = $"{method} {path}";
                if (paths[path]?[method.ToLowerInvariant()] is not JsonObject operation)
                {
                    problems.Add($"{name}: not in the document");
                    continue;
                }

                problems.AddRange(Check(operation, metadata, method).Select(p => $"{name} ({operation["operationId"]?.ToString() ?? "no operationId"}): {p}"));
            }
        }

        Assert.True(walked > 15, $"Only {walked} endpoints walked: the walk is not seeing the API.");
        Assert.True(problems.Count == 0, "Endpoints the OpenAPI document does not fully describe:\n" + string.Join('\n', problems));
    }

    [Theory]
    [InlineData("get", "/companies", "list-companies")]
    [InlineData("post", "/companies", "create-company")]
    [InlineData("get", "/companies/{companyId}", "get-company")]
    [InlineData("put", "/companies/{companyId}", "replace-company")]
    [InlineData("patch", "/companies/{companyId}", "update-company")]
    [InlineData("delete", "/companies/{companyId}", "delete-company")]
    [InlineData("get", "/companies/{companyId}/connections", "list-connections")]
    [InlineData("post", "/companies/{companyId}/connections", "create-connection")]
    [InlineData("get", "/companies/{companyId}/connections/{connectionId}", "get-connection")]
    [InlineData("delete", "/companies/{companyId}/connections/{connectionId}", "delete-connection")]
    [InlineData("patch", "/companies/{companyId}/connections/{connectionId}", "unlink-connection")]
    [InlineData("put", "/companies/{companyId}/connections/{connectionId}/authorization", "update-connection-authorization")]
    [InlineData("get", "/integrations", "list-integrations")]
    [InlineData("get", "/integrations/{platformKey}", "get-integration")]
    [InlineData("get", "/integrations/{platformKey}/branding", "get-integrations-branding")]
    [InlineData("get", "/apiKeys", "list-api-keys")]
    [InlineData("post", "/apiKeys", "create-api-key")]
    [InlineData("delete", "/apiKeys/{apiKeyId}", "delete-api-key")]
    [InlineData("get", "/webhooks", "list-webhook-consumers")]
    [InlineData("post", "/webhooks", "create-webhook-consumer")]
    [InlineData("delete", "/webhooks/{webhookId}", "delete-webhook-consumer")]
    [InlineData("get", "/profile", "get-profile")]
    [InlineData("put", "/profile", "update-profile")]
    public async Task CodatOperation_HasCodatsPathMethodAndOperationId_AndIsNotMarkedAsAnExtension(string method, string path, string operationId)
    {
        var document = await _server.Client.GetObjectAsync(ApiDocument.Path);

        var operation = document["paths"]?[path]?[method]?.AsObject();

        Assert.NotNull(operation);
        Assert.Equal(operationId, operation["operationId"].Str());
        Assert.Null(operation[ApiOperationTransformer.ExtensionName]);
    }

    [Theory]
    [InlineData("/companies")]
    [InlineData("/companies/{companyId}/connections")]
    [InlineData("/integrations")]
    public async Task ListOperation_TakesCodatsPagingParameters(string path)
    {
        var document = await _server.Client.GetObjectAsync(ApiDocument.Path);

        var names = document["paths"]![path]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"].Str()).ToList();

        Assert.Superset(new HashSet<string>(["page", "pageSize", "query", "orderBy"]), names.ToHashSet());
    }

    /// <summary>Codat's paging parameters are int32 with these bounds; bound as text only for precise 400s, not documented so.</summary>
    [Theory]
    [InlineData("/companies", "page", 1, null, 1)]
    [InlineData("/companies", "pageSize", 1, 5000, 100)]
    [InlineData("/companies/{companyId}/connections", "page", 1, null, 1)]
    [InlineData("/companies/{companyId}/connections", "pageSize", 1, 5000, 100)]
    [InlineData("/integrations", "page", 1, null, 1)]
    [InlineData("/integrations", "pageSize", 1, 5000, 100)]
    [InlineData("/webhooks/{webhookId}/deliveries", "pageSize", 1, 5000, 100)]
    public async Task PagingParameter_IsCodatsInt32WithItsBoundsAndDefault(string path, string name, int minimum, int? maximum, int defaultValue)
    {
        var schema = await ParameterSchemaAsync("get", path, name);

        Assert.Equal("integer", schema["type"].Str());
        Assert.Equal("int32", schema["format"].Str());
        Assert.Equal(minimum, schema["minimum"]?.GetValue<int>());
        Assert.Equal(maximum, schema["maximum"]?.GetValue<int>());
        Assert.Equal(defaultValue, schema["default"]?.GetValue<int>());
    }

    [Theory]
    [InlineData("get", "/companies/{companyId}", "companyId")]
    [InlineData("get", "/companies/{companyId}/connections/{connectionId}", "companyId")]
    [InlineData("get", "/companies/{companyId}/connections/{connectionId}", "connectionId")]
    [InlineData("delete", "/webhooks/{webhookId}", "webhookId")]
    [InlineData("post", "/webhooks/{webhookId}/deliveries/{deliveryId}/retry", "deliveryId")]
    public async Task IdPathParameter_IsAUuid(string method, string path, string name)
    {
        var schema = await ParameterSchemaAsync(method, path, name);

        Assert.Equal("string", schema["type"].Str());
        Assert.Equal("uuid", schema["format"].Str());
    }

    [Theory]
    [InlineData("post", "/companies", "CompanyRequestBody")]
    [InlineData("put", "/companies/{companyId}", "CompanyRequestBody")]
    [InlineData("patch", "/companies/{companyId}", "CompanyUpdateRequest")]
    [InlineData("put", "/profile", "Profile")]
    [InlineData("post", "/webhooks", "WebhookConsumerPrototype")]
    public async Task CodatOperation_RequestBodyIsCodatsSchema(string method, string path, string schema)
    {
        var document = await _server.Client.GetObjectAsync(ApiDocument.Path);

        var body = document["paths"]?[path]?[method]?["requestBody"]?["content"]?["application/json"]?["schema"];

        Assert.Equal($"#/components/schemas/{schema}", body?["$ref"]?.ToString());
    }

    [Theory]
    [InlineData("post", "/companies/{companyId}/connections/{connectionId}/link")]
    [InlineData("post", "/companies/{companyId}/connections/{connectionId}/accessToken")]
    [InlineData("post", "/simulate/companies/{companyId}/connections/{connectionId}/deauthorize")]
    [InlineData("post", "/webhooks/{webhookId}/secret/rotate")]
    [InlineData("get", "/webhooks/{webhookId}/deliveries")]
    [InlineData("post", "/webhooks/{webhookId}/deliveries/{deliveryId}/retry")]
    public async Task SwitchboardExtension_IsMarked(string method, string path)
    {
        var document = await _server.Client.GetObjectAsync(ApiDocument.Path);

        Assert.Equal(true, document["paths"]?[path]?[method]?[ApiOperationTransformer.ExtensionName]?.GetValue<bool>());
    }

    [Theory]
    [InlineData("WebhookConsumer", "secret")]
    public async Task SwitchboardExtensionProperty_IsMarked(string schema, string property)
    {
        var document = await _server.Client.GetObjectAsync(ApiDocument.Path);

        var marked = document["components"]?["schemas"]?[schema]?["properties"]?[property]?[ApiOperationTransformer.ExtensionName];

        Assert.Equal(true, marked?.GetValue<bool>());
    }

    /// <summary>
    /// Property names Codat's document gives these schemas: the server may send fewer, never others but its own
    /// extensions, marked as such.
    /// </summary>
    public static TheoryData<string, string[]> CodatSchemas => new()
    {
        { "Company", ["created", "createdByUserName", "dataConnections", "description", "id", "lastSync", "name", "products", "redirect", "referenceParentCompany", "referenceSubsidiaryCompanies", "tags"] },
        { "Companies", ["_links", "pageNumber", "pageSize", "results", "totalResults"] },
        { "CompanyRequestBody", ["description", "name", "tags"] },
        { "CompanyUpdateRequest", ["description", "name", "tags"] },
        { "Connection", ["connectionInfo", "created", "dataConnectionErrors", "id", "integrationId", "integrationKey", "lastSync", "linkUrl", "platformName", "sourceId", "sourceType", "status"] },
        { "Connections", ["_links", "pageNumber", "pageSize", "results", "totalResults"] },
        { "DataConnectionError", ["errorMessage", "erroredOnUtc", "resolvedOnUtc", "status", "statusCode", "statusText"] },
        { "UpdateConnectionStatus", ["status"] },
        { "Integration", ["dataProvidedBy", "datatypeFeatures", "enabled", "integrationId", "isBeta", "isOfflineConnector", "key", "logoUrl", "name", "sourceId", "sourceType"] },
        { "Integrations", ["_links", "pageNumber", "pageSize", "results", "totalResults"] },
        { "Branding", ["button", "logo", "sourceId"] },
        { "ErrorMessage", ["canBeRetried", "correlationId", "detailedErrorCode", "error", "service", "statusCode", "validation"] },
        { "ApiKeyDetails", ["apiKey", "createdDate", "id", "name"] },
        { "ApiKeys", ["results"] },
        { "CreateApiKey", ["name"] },
        { "Profile", ["apiKey", "confirmCompanyName", "iconUrl", "logoUrl", "name", "redirectUrl", "whiteListUrls"] },
        { "WebhookConsumer", ["companyTags", "disabled", "eventTypes", "id", "url"] },
        { "WebhookConsumerPrototype", ["companyTags", "disabled", "eventTypes", "url"] },
        { "WebhookConsumers", ["results"] },
    };

    [Theory]
    [MemberData(nameof(CodatSchemas))]
    public async Task CodatSchema_HasCodatsNameAndOnlyCodatsPropertyNames(string schema, string[] codatProperties)
    {
        var document = await _server.Client.GetObjectAsync(ApiDocument.Path);

        var properties = document["components"]?["schemas"]?[schema]?["properties"]?.AsObject();

        Assert.NotNull(properties);
        var ownProperties = properties.Where(p => p.Value?[ApiOperationTransformer.ExtensionName] is null).Select(p => p.Key);
        Assert.Subset(codatProperties.ToHashSet(StringComparer.Ordinal), ownProperties.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>A client generated from the document must not demand more than one generated from Codat's.</summary>
    [Theory]
    [InlineData("CompanyRequestBody", new[] { "name" })]
    [InlineData("CompanyUpdateRequest", new string[0])]
    [InlineData("CreateApiKey", new string[0])]
    [InlineData("Profile", new[] { "name", "redirectUrl" })]
    [InlineData("WebhookConsumerPrototype", new string[0])]
    public async Task CodatRequestSchema_RequiresNoPropertyCodatLeavesOptional(string schema, string[] codatRequired)
    {
        var document = await _server.Client.GetObjectAsync(ApiDocument.Path);

        var required = document["components"]?["schemas"]?[schema]?["required"]?.AsArray().Select(r => r.Str()) ?? [];

        Assert.Subset(codatRequired.ToHashSet(StringComparer.Ordinal), required.ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SecurityScheme_IsCodatsBasicAuthorizationHeader_RequiredByEveryCodatOperation()
    {
        var document = await _server.Client.GetObjectAsync(ApiDocument.Path);

        var scheme = document["components"]!["securitySchemes"]![ApiDocumentTransformer.SecuritySchemeName]!;
        Assert.Equal("apiKey", scheme["type"].Str());
        Assert.Equal("header", scheme["in"].Str());
        Assert.Equal("Authorization", scheme["name"].Str());
        Assert.Contains("Basic", scheme["description"].Str(), StringComparison.Ordinal);
        var operations = document["paths"]!.AsObject()
            .Where(p => CodatPathPrefixes.Any(prefix => p.Key.StartsWith(prefix, StringComparison.Ordinal)))
            .SelectMany(p => p.Value!.AsObject()).ToList();
        Assert.NotEmpty(operations);
        Assert.All(operations, op => Assert.Contains(ApiDocumentTransformer.SecuritySchemeName, op.Value!["security"]!.AsArray().SelectMany(r => r!.AsObject().Select(kv => kv.Key))));
    }

    [Fact]
    public async Task LinkPages_AreNotInTheDocument()
    {
        var document = await _server.Client.GetObjectAsync(ApiDocument.Path);

        Assert.DoesNotContain(document["paths"]!.AsObject(), p => p.Key.StartsWith("/link", StringComparison.Ordinal));
        var response = await _server.Client.GetAsync("/openapi/v2.json");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>What the operation lacks, given what its endpoint can answer.</summary>
    private static IEnumerable<string> Check(JsonObject operation, EndpointMetadataCollection metadata, string method)
    {
        if (operation["operationId"] is null)
        {
            yield return "no operationId (declare WithName)";
        }

        var responses = operation["responses"]?.AsObject() ?? [];
        var statuses = responses.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        if (!statuses.Any(s => s.StartsWith('2')))
        {
            yield return "no success response";
        }

        foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
        {
            if (response?["content"]?["application/json"]?["schema"]?["$ref"]?.ToString() != "#/components/schemas/ErrorMessage")
            {
                yield return $"error response {status} is not an ErrorMessage";
            }
        }

        foreach (var produced in metadata.OfType<IProducesResponseTypeMetadata>().Where(p => p.StatusCode is >= 200 and < 300 && p.Type is { } t && t != typeof(void)))
        {
            if (responses[produced.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["content"] is null)
            {
                yield return $"success {produced.StatusCode} has no documented body ({produced.Type!.Name})";
            }
        }

        var hasBody = operation["requestBody"]?["content"]?["application/json"]?["schema"] is not null;
        if (WriteMethods.Contains(method) && !hasBody && metadata.GetMetadata<NoRequestBody>() is null)
        {
            yield return "no documented request body (declare AcceptsJson<T>, or WithoutRequestBody when it reads none)";
        }

        var parameters = operation["parameters"]?.AsArray().Select(p => (Name: p!["name"].Str(), In: p["in"].Str())).ToList() ?? [];
        var expected = new List<(int Status, string Why)>
        {
            (StatusCodes.Status429TooManyRequests, "every API request is rate limited"),
            (StatusCodes.Status500InternalServerError, "any request can fail unexpectedly"),
        };
        var authorized = metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is not null;
        if (authorized)
        {
            expected.Add((StatusCodes.Status401Unauthorized, "it needs an API key"));
            expected.Add((StatusCodes.Status503ServiceUnavailable, "its API key is looked up in the database, which can be unavailable"));
            if (operation["security"] is null)
            {
                yield return "needs an API key but names no security requirement";
            }
        }

        // IdempotencyMiddleware takes every authorized POST and PATCH, and reads the body to compare repeats.
        if (authorized && method is ("POST" or "PATCH") && !parameters.Contains((IdempotencyMiddleware.HeaderName, "header")))
        {
            yield return $"accepts {IdempotencyMiddleware.HeaderName} but does not document the header";
        }

        var safeToRepeat = metadata.GetMetadata<SafeToRepeat>() is not null;
        if (safeToRepeat)
        {
            // The middleware passes its key through: none of its refusals can happen, so none may be promised.
            foreach (var status in new[] { "408", "413", "422" })
            {
                if (responses[status] is not null)
                {
                    yield return $"documents {status}, which only the idempotency middleware answers, but passes its {IdempotencyMiddleware.HeaderName} through";
                }
            }
        }
        else if (parameters.Contains((IdempotencyMiddleware.HeaderName, "header")))
        {
            expected.Add((StatusCodes.Status400BadRequest, $"a malformed {IdempotencyMiddleware.HeaderName} is refused"));
            expected.Add((StatusCodes.Status409Conflict, $"a repeat while the first request with its {IdempotencyMiddleware.HeaderName} still runs is refused"));
            expected.Add((StatusCodes.Status408RequestTimeout, "the body is read to compare repeats, and can arrive too slowly"));
            expected.Add((StatusCodes.Status413PayloadTooLarge, "the body is read to compare repeats, whether or not the endpoint reads it"));
            expected.Add((StatusCodes.Status422UnprocessableEntity, $"an {IdempotencyMiddleware.HeaderName} reused with another request is refused"));
        }

        if (parameters.Any(p => p.In == "path"))
        {
            expected.Add((StatusCodes.Status400BadRequest, "a route parameter can be malformed"));
            expected.Add((StatusCodes.Status404NotFound, "a route parameter can name nothing"));
        }

        if (parameters.Any(p => p.In == "query"))
        {
            expected.Add((StatusCodes.Status400BadRequest, "a query parameter can be malformed"));
        }

        if (hasBody)
        {
            expected.Add((StatusCodes.Status400BadRequest, "the body can be malformed"));
            expected.Add((StatusCodes.Status408RequestTimeout, "the body can arrive slower than the minimum data rate"));
            expected.Add((StatusCodes.Status413PayloadTooLarge, "the body can be too large"));
        }

        if (metadata.GetMetadata<IfMatchHeader>() is not null)
        {
            expected.Add((StatusCodes.Status412PreconditionFailed, "it honours If-Match"));
            expected.Add((StatusCodes.Status400BadRequest, "a malformed If-Match is refused"));
            if (!parameters.Contains(("If-Match", "header")))
            {
                yield return "honours If-Match but does not document the header";
            }
        }

        foreach (var (status, why) in expected.Distinct())
        {
            if (!statuses.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                yield return $"no documented {status} response, though {why}";
            }
        }
    }

    private async Task<JsonNode> ParameterSchemaAsync(string method, string path, string name)
    {
        var document = await _server.Client.GetObjectAsync(ApiDocument.Path);
        var parameter = document["paths"]?[path]?[method]?["parameters"]?.AsArray().SingleOrDefault(p => p?["name"]?.ToString() == name);
        return parameter?["schema"] ?? throw new Xunit.Sdk.XunitException($"{method} {path} has no parameter {name} with a schema.");
    }

    /// <summary>The document's path for a route: its parameters without constraints.</summary>
    private static string DocumentPath(string route) => RouteParameter().Replace(route, "{$1}");

    [GeneratedRegex(@"\{\*{0,2}([^}:?=]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
