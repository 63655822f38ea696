namespace Switchboard.Server.Webhooks;

/// <summary>The company a connection event is about (OpenAPI <c>Company/definitions/companyReference</c>).</summary>
public sealed record CompanyReference(Guid Id, string Name, string? Description, IReadOnlyDictionary<string, string>? Tags);
