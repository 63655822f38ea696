namespace Switchboard.Server.Companies;

/// <summary>
/// Body of create (POST), replace (PUT) and update (PATCH) of a company. For PATCH an absent or null
/// property keeps its stored value; for POST and PUT <see cref="Name"/> is required.
/// </summary>
public sealed record CompanyBody(string? Name, string? Description, Dictionary<string, string>? Tags);
