namespace Switchboard.Server.Errors;

/// <summary>The Codat <c>ErrorMessage</c> body: every error response has exactly this shape.</summary>
public sealed record ErrorMessage(
    int StatusCode,
    string Service,
    string Error,
    string CorrelationId,
    ErrorValidation? Validation,
    string CanBeRetried,
    int DetailedErrorCode);

public sealed record ErrorValidation(IReadOnlyList<ErrorValidationItem> Errors, IReadOnlyList<ErrorValidationItem> Warnings);

public sealed record ErrorValidationItem(string? ItemId, string? Message, string? ValidatorName);
