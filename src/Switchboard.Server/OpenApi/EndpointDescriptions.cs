using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Switchboard.Server.Errors;

namespace Switchboard.Server.OpenApi;

/// <summary>
/// What an endpoint declares for the OpenAPI document beyond its handler's signature: the error statuses it can answer
/// (each an <see cref="ErrorMessage"/>), its <c>If-Match</c> precondition, and whether it is a Switchboard extension.
/// </summary>
internal static class EndpointDescriptions
{
    /// <summary>The errors any API operation can answer: no or a bad key, the rate limit, an unexpected failure, a busy database.</summary>
    public static readonly int[] ApiErrors =
    [
        StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests,
        StatusCodes.Status500InternalServerError, StatusCodes.Status503ServiceUnavailable,
    ];

    private static readonly string[] Json = ["application/json"];

    /// <summary>Each status answers an <see cref="ErrorMessage"/> body.</summary>
    public static TBuilder ProducesErrors<TBuilder>(this TBuilder builder, params int[] statusCodes)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var statusCode in statusCodes)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(statusCode, typeof(ErrorMessage), Json));
        }

        return builder;
    }

    /// <summary>
    /// The JSON body the handler reads itself (it parses the body for precise 400s, so the framework cannot infer it);
    /// a malformed body answers 400, one over the size limit 413, one sent slower than Kestrel's minimum data rate 408.
    /// </summary>
    public static RouteHandlerBuilder AcceptsJson<TBody>(this RouteHandlerBuilder builder, bool optional = false)
        where TBody : notnull =>
        builder.WithMetadata(new JsonRequestBody(typeof(TBody), optional))
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status408RequestTimeout, StatusCodes.Status413PayloadTooLarge);

    /// <summary>An optional <c>If-Match</c> header: a stale entity tag answers 412.</summary>
    public static RouteHandlerBuilder WithIfMatch(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(IfMatchHeader.Instance).ProducesErrors(StatusCodes.Status412PreconditionFailed);

    /// <summary>A write that reads no body.</summary>
    public static RouteHandlerBuilder WithoutRequestBody(this RouteHandlerBuilder builder) => builder.WithMetadata(NoRequestBody.Instance);

    /// <summary>Marks a Switchboard extension (not in the Codat API).</summary>
    public static TBuilder AsSwitchboardExtension<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(SwitchboardExtensionAttribute.Instance);
}
