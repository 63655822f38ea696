using Microsoft.AspNetCore.Http.Metadata;

namespace Switchboard.Server.OpenApi;

/// <summary>
/// The JSON body an endpoint reads, for the OpenAPI document (which shows it as <c>application/json</c>). It names no
/// content types on purpose: with them, routing would answer a request of another type 415 itself, before the
/// idempotency middleware and the handler, whose own checks answer the documented <c>ErrorMessage</c>.
/// </summary>
internal sealed class JsonRequestBody(Type requestType, bool isOptional) : IAcceptsMetadata
{
    public IReadOnlyList<string> ContentTypes => [];

    public Type? RequestType { get; } = requestType;

    public bool IsOptional { get; } = isOptional;
}
