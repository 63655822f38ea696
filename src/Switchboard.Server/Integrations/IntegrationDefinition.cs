namespace Switchboard.Server.Integrations;

/// <summary>An integration as the server knows it: the built-in catalogue entry with any operator overrides applied.</summary>
public sealed record IntegrationDefinition(
    string Key,
    string Name,
    SourceType SourceType,
    Guid IntegrationId,
    Guid SourceId,
    bool Enabled,
    bool IsOfflineConnector,
    bool IsBeta,
    string DataProvidedBy,
    string? LogoUrl,
    IReadOnlyList<string> AuthorizationKeys);
