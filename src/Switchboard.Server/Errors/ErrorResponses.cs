using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Switchboard.Server.Json;

namespace Switchboard.Server.Errors;

/// <summary>The one place an <see cref="ErrorMessage"/> response is written.</summary>
internal static class ErrorResponses
{
    public const string Service = "PublicApi";

    public static async Task WriteAsync(HttpContext context, int statusCode, string error, IReadOnlyList<ErrorValidationItem>? validationErrors = null)
    {
        var body = Create(context, statusCode, error, validationErrors);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        // Again: the exception handler cleared the headers before an error answer.
        context.Response.Headers[CorrelationMiddleware.HeaderName] = context.TraceIdentifier;
        await JsonSerializer.SerializeAsync(context.Response.Body, body, WireJson.Context.ErrorMessage, context.RequestAborted);
    }

    /// <summary>The body of an error answer to this request, for callers that store it rather than send it.</summary>
    public static ErrorMessage Create(HttpContext context, int statusCode, string error, IReadOnlyList<ErrorValidationItem>? validationErrors = null) => new(
        statusCode,
        Service,
        error,
        context.TraceIdentifier,
        validationErrors is { Count: > 0 } ? new ErrorValidation(validationErrors, []) : null,
        CanBeRetried(statusCode),
        0);

    private static string CanBeRetried(int statusCode) => statusCode switch
    {
        StatusCodes.Status408RequestTimeout or StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable => "True",
        >= 400 and < 500 => "False",
        _ => "Unknown",
    };

    public static string DefaultMessage(int statusCode) => statusCode switch
    {
        StatusCodes.Status400BadRequest => "The request was not valid.",
        StatusCodes.Status401Unauthorized => "Unauthorized: send 'Authorization: Basic <base64 of your API key>'.",
        StatusCodes.Status403Forbidden => "This API key is not allowed to do that.",
        StatusCodes.Status404NotFound => "Not found: no resource exists at this address.",
        StatusCodes.Status405MethodNotAllowed => "This resource does not support that HTTP method.",
        StatusCodes.Status408RequestTimeout => "The request body arrived too slowly; send the request again.",
        StatusCodes.Status409Conflict => "The request conflicts with the resource's current state.",
        StatusCodes.Status411LengthRequired => "A Content-Length is required.",
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status415UnsupportedMediaType => "The request body must be JSON.",
        StatusCodes.Status429TooManyRequests => "Too many requests: slow down and retry after the time in Retry-After.",
        StatusCodes.Status503ServiceUnavailable => "The service is temporarily unavailable; retry later.",
        _ => "An unexpected error occurred.",
    };
}
