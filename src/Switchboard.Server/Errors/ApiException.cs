using Microsoft.AspNetCore.Http;

namespace Switchboard.Server.Errors;

/// <summary>
/// A failure the client can act on. Thrown by handlers and services; <see cref="ErrorMessageExceptionHandler"/>
/// turns it into an <see cref="ErrorMessage"/> response, so no handler formats errors itself.
/// </summary>
public sealed class ApiException(int statusCode, string error, IReadOnlyList<ErrorValidationItem>? validationErrors = null)
    : Exception(error)
{
    public int StatusCode { get; } = statusCode;

    public IReadOnlyList<ErrorValidationItem>? ValidationErrors { get; } = validationErrors;

    /// <summary>Seconds the client should wait before retrying (429, 503), sent as <c>Retry-After</c>.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static ApiException BadRequest(string error, IReadOnlyList<ErrorValidationItem>? validationErrors = null) =>
        new(StatusCodes.Status400BadRequest, error, validationErrors);

    /// <summary>A single invalid field: the message is also the validation item for that field.</summary>
    public static ApiException InvalidField(string field, string message) =>
        new(StatusCodes.Status400BadRequest, message, [new ErrorValidationItem(field, message, "Switchboard")]);

    public static ApiException NotFound(string error) => new(StatusCodes.Status404NotFound, error);

    public static ApiException Conflict(string error) => new(StatusCodes.Status409Conflict, error);

    public static ApiException PreconditionFailed(string error) => new(StatusCodes.Status412PreconditionFailed, error);

    public static ApiException Unauthorized(string error) => new(StatusCodes.Status401Unauthorized, error);

    public static ApiException ServiceUnavailable(string error, int retryAfterSeconds) =>
        new(StatusCodes.Status503ServiceUnavailable, error) { RetryAfterSeconds = retryAfterSeconds };
}
