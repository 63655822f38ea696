namespace Switchboard.Client.Models;

/// <summary>
/// The body that changes some of a company's fields; fields left null are not changed.
/// </summary>
public class CompanyUpdateRequest
{
    /// <summary>The company's new name, or null to keep it.</summary>
    public string? Name { get; set; }

    /// <summary>The company's new description, or null to keep it.</summary>
    public string? Description { get; set; }

    /// <summary>The company's new tags, or null to keep them.</summary>
    public IDictionary<string, string>? Tags { get; set; }
}
