namespace Switchboard.Client.Models;

/// <summary>
/// A reference to a related company.
/// </summary>
public class CompanyReference
{
    /// <summary>The company's identifier.</summary>
    public string? Id { get; set; }

    /// <summary>The company's name.</summary>
    public string? Name { get; set; }

    /// <summary>The company's description, if it has one.</summary>
    public string? Description { get; set; }

    /// <summary>Links to the company.</summary>
    public CompanyReferenceLinks? Links { get; set; }

    /// <summary>The company's tags.</summary>
    public IDictionary<string, string>? Tags { get; set; }
}
