using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Switchboard.Server.OpenApi;
using Xunit;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// Every status a test server answers, by route and method, checked against the server's own OpenAPI document when the
/// server is disposed: an operation the document describes must list every status it was seen to answer. So the whole
/// suite, which drives every handler into its errors, checks the document against what the handlers really answer,
/// not only against what their shape implies (<c>OpenApi.OpenApiDocumentTests</c>).
/// </summary>
internal sealed class AnsweredStatuses : IStartupFilter
{
    /// <summary>499: the client left before the answer; nothing was answered.</summary>
    private const int ClientClosedRequest = 499;

    private readonly ConcurrentDictionary<(string Method, string Route, int Status), string> _answers = new();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            await nextMiddleware(context);
            // An error raised as an exception is answered by the exception handler, which clears the endpoint and keeps it in its feature.
            var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
            // Operations are named (their operation id); the Link pages, probes and the document itself are not.
            if (endpoint is RouteEndpoint { RoutePattern.RawText: { } route } && endpoint.Metadata.GetMetadata<IEndpointNameMetadata>() is not null
                && context.Response.StatusCode != ClientClosedRequest)
            {
                _answers.TryAdd((context.Request.Method, route, context.Response.StatusCode), context.Request.Path);
            }
        });
        next(app);
    };

    /// <summary>
    /// The document's operations, generated once for the test run: test servers map the same endpoints, but for
    /// simulation where it is enabled, and generating the document costs a server about 65 ms.
    /// </summary>
    private static OpenApiPaths? s_paths;

    /// <summary>
    /// The document the server generates, read from its services rather than over HTTP: a server whose test spent its
    /// rate limit, stopped its database or broke its connections still describes its operations.
    /// </summary>
    private static async Task<OpenApiPaths> DocumentPathsAsync(IServiceProvider services) =>
        (await services.GetRequiredKeyedService<IOpenApiDocumentProvider>(ApiDocument.DocumentName).GetOpenApiDocumentAsync()).Paths;

    /// <summary>Fails with every documented operation's answered status the document does not list.</summary>
    public async Task AssertDocumentedAsync(IServiceProvider services)
    {
        if (_answers.IsEmpty)
        {
            return;
        }

        // A server that maps more than the first (simulation is mapped only where it is enabled) is read itself.
        var paths = s_paths ??= await DocumentPathsAsync(services);
        if (_answers.Keys.Any(answer => !paths.ContainsKey(answer.Route)))
        {
            paths = await DocumentPathsAsync(services);
        }

        var undocumented = _answers
            .Where(answer => paths.TryGetValue(answer.Key.Route, out var path)
                && path.Operations?.TryGetValue(new HttpMethod(answer.Key.Method), out var operation) == true
                && operation.Responses?.ContainsKey(answer.Key.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)) != true)
            .Select(answer => $"{answer.Key.Method} {answer.Key.Route} answered {answer.Key.Status} (e.g. {answer.Value})")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(undocumented.Count == 0, "Answers the OpenAPI document does not list:\n" + string.Join('\n', undocumented));
    }
}
