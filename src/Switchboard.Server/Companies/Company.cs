using Switchboard.Server.Connections;

namespace Switchboard.Server.Companies;

/// <summary>The wire shape of a company (OpenAPI <c>Company</c>); absent values are omitted, not null.</summary>
public sealed record Company
{
    public required Guid Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required string Redirect { get; init; }
    public DateTime? LastSync { get; init; }
    public required DateTime Created { get; init; }
    public required IReadOnlyList<string> Products { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
    public IReadOnlyList<Connection>? DataConnections { get; init; }
}
