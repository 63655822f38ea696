namespace Switchboard.Client.Models;

/// <summary>
/// Links to a related company.
/// </summary>
public class CompanyReferenceLinks
{
    /// <summary>The company's page in the portal.</summary>
    public string? Portal { get; set; }
}
