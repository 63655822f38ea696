namespace Switchboard.Server.Companies;

/// <summary>
/// Body of create (POST) and replace (PUT) of a company (OpenAPI <c>CompanyRequestBody</c>): <see cref="Name"/> is
/// required, which the service checks itself to name it in the 400; the defaults keep the document from requiring the others.
/// </summary>
public sealed record CompanyBody(string? Name = null, string? Description = null, Dictionary<string, string>? Tags = null);
