namespace Switchboard.Server.Integrations;

/// <summary>The wire shape of an integration (OpenAPI <c>Integration</c>).</summary>
public sealed record Integration
{
    public required string Key { get; init; }
    public required string LogoUrl { get; init; }
    public required string Name { get; init; }
    public required bool Enabled { get; init; }
    public required Guid SourceId { get; init; }
    public required SourceType SourceType { get; init; }
    public required Guid IntegrationId { get; init; }
    public required bool IsOfflineConnector { get; init; }
    public required bool IsBeta { get; init; }
    public required string DataProvidedBy { get; init; }
    public required IReadOnlyList<DatatypeFeature> DatatypeFeatures { get; init; }
}

/// <summary>Which data types an integration supports; Switchboard moves no data, so the list is empty.</summary>
public sealed record DatatypeFeature(string Datatype);
