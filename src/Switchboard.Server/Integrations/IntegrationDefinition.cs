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
    IReadOnlyList<string> AuthorizationKeys,
    AuthorizationScheme AuthorizationScheme = AuthorizationScheme.Credentials,
    OAuthDefinition? OAuth = null,
    IReadOnlyList<CredentialField>? CredentialFields = null)
{
    /// <summary>Whether the link page can take an end user through this integration's OAuth 2.0 consent.</summary>
    public bool CanLinkThroughOAuth => AuthorizationScheme == AuthorizationScheme.OAuth2 && OAuth is { HasClient: true };

    /// <summary>Whether an end user can finish this integration's link page: anything but an OAuth 2.0 platform without a client.</summary>
    public bool CanLinkThroughPage => AuthorizationScheme != AuthorizationScheme.OAuth2 || CanLinkThroughOAuth;
}
