namespace Switchboard.Client.Models;

/// <summary>
/// One validation problem.
/// </summary>
public class ErrorValidationItem
{
    /// <summary>The item (field) the problem is about.</summary>
    public string? ItemId { get; set; }

    /// <summary>What is wrong with it.</summary>
    public string? Message { get; set; }

    /// <summary>The name of the rule that found the problem.</summary>
    public string? ValidatorName { get; set; }
}
