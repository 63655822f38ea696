namespace Switchboard.Client.Models;

/// <summary>
/// The validation part of an <see cref="ErrorMessage"/>.
/// </summary>
public class ErrorValidation
{
    /// <summary>The problems that made the request fail.</summary>
    public IList<ErrorValidationItem>? Errors { get; set; }

    /// <summary>Problems that did not make the request fail.</summary>
    public IList<ErrorValidationItem>? Warnings { get; set; }
}
