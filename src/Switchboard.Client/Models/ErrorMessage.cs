namespace Switchboard.Client.Models;

/// <summary>
/// The body of every error response.
/// </summary>
public class ErrorMessage
{
    /// <summary>The HTTP status code.</summary>
    public int? StatusCode { get; set; }

    /// <summary>The service that answered, for example <c>PublicApi</c>.</summary>
    public string? Service { get; set; }

    /// <summary>What went wrong, in words.</summary>
    public string? Error { get; set; }

    /// <summary>The identifier of the request in the server's logs.</summary>
    public string? CorrelationId { get; set; }

    /// <summary>The fields that failed validation, if any.</summary>
    public ErrorValidation? Validation { get; set; }

    /// <summary>Whether the request can be retried (<c>True</c>, <c>False</c> or <c>Unknown</c>).</summary>
    public string? CanBeRetried { get; set; }

    /// <summary>A finer-grained error code; 0 when there is none.</summary>
    public int? DetailedErrorCode { get; set; }
}
