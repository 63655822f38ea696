namespace Switchboard.Client.Models;

/// <summary>
/// A company: the business whose platforms are connected.
/// </summary>
public class Company
{
    /// <summary>The company's identifier (a GUID).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The company's name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Additional information about the company, such as a foreign identifier.</summary>
    public string? Description { get; set; }

    /// <summary>The company's Link URL, where its users authorize connections.</summary>
    public string? Redirect { get; set; }

    /// <summary>When data was last read for the company, if ever.</summary>
    public DateTimeOffset? LastSync { get; set; }

    /// <summary>When the company was created.</summary>
    public DateTimeOffset? Created { get; set; }

    /// <summary>The name of the user who created the company.</summary>
    public string? CreatedByUserName { get; set; }

    /// <summary>The products enabled for the company.</summary>
    public IList<string>? Products { get; set; }

    /// <summary>The company's tags (at most 10; keys of 1–27 characters, values of at most 100).</summary>
    public IDictionary<string, string>? Tags { get; set; }

    /// <summary>The company's parent company, if any.</summary>
    public CompanyReference? ReferenceParentCompany { get; set; }

    /// <summary>The company's subsidiaries, if any.</summary>
    public IList<CompanyReference>? ReferenceSubsidiaryCompanies { get; set; }

    /// <summary>The company's connections (returned when one company is read).</summary>
    public IList<Connection>? DataConnections { get; set; }
}
