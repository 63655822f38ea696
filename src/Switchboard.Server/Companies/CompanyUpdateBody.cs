namespace Switchboard.Server.Companies;

/// <summary>
/// Body of update (PATCH) of a company (OpenAPI <c>CompanyUpdateRequest</c>): an absent or null property keeps its
/// stored value, so nothing is required.
/// </summary>
public sealed record CompanyUpdateBody(string? Name = null, string? Description = null, Dictionary<string, string>? Tags = null)
{
    /// <summary>The change as the service takes it, which tells a partial update from a replacement by its own flag.</summary>
    public CompanyBody ToCompanyBody() => new(Name, Description, Tags);
}
