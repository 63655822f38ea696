namespace Switchboard.Client.Models;

/// <summary>
/// The body that creates a company or replaces one.
/// </summary>
public class CompanyRequestBody
{
    /// <summary>The company's name (required, at least one character).</summary>
    public required string Name { get; set; }

    /// <summary>Additional information about the company, such as a foreign identifier.</summary>
    public string? Description { get; set; }

    /// <summary>The company's tags (at most 10; keys of 1–27 characters, values of at most 100).</summary>
    public IDictionary<string, string>? Tags { get; set; }
}
