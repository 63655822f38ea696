using System.Globalization;
using System.Reflection;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Integrations;

/// <summary>
/// The integrations this server offers: the built-in catalogue (<c>platform-keys.csv</c>, embedded) merged with
/// the operator's <c>Switchboard:Integrations</c> entries, which add, override or disable integrations.
/// Ids are derived from the platform key, so they are the same on every install.
/// </summary>
public sealed class IntegrationCatalog
{
    private readonly Dictionary<string, IntegrationDefinition> _byKey;

    public IntegrationCatalog(IReadOnlyDictionary<string, IntegrationSettings> overrides)
    {
        _byKey = LoadBuiltIn().ToDictionary(i => i.Key, StringComparer.Ordinal);
        foreach (var (key, settings) in overrides)
        {
            _byKey[key] = _byKey.TryGetValue(key, out var existing) ? Apply(existing, settings) : Create(key, settings);
        }

        All = [.. _byKey.Values.OrderBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.Key, StringComparer.Ordinal)];
    }

    /// <summary>Every integration, enabled or not, in name order.</summary>
    public IReadOnlyList<IntegrationDefinition> All { get; }

    public IntegrationDefinition? Find(string key) => _byKey.GetValueOrDefault(key);

    public static bool IsWellFormedKey(string? key) =>
        key is { Length: 4 } && key.All(c => c is >= 'a' and <= 'z');

    internal static IReadOnlyList<IntegrationDefinition> LoadBuiltIn()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Switchboard.Server.Integrations.platform-keys.csv")
            ?? throw new InvalidOperationException("The built-in integration catalogue is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var result = new List<IntegrationDefinition>();
        reader.ReadLine(); // header: key,name,sourceType
        while (reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var first = line.IndexOf(',', StringComparison.Ordinal);
            var last = line.LastIndexOf(',');
            var key = line[..first];
            var name = line[(first + 1)..last];
            var sourceType = Enum.Parse<SourceType>(line[(last + 1)..]);
            var authorizationKeys = DefaultAuthorizationKeys(key, name);
            var oauth = BuiltInOAuth.ByKey.GetValueOrDefault(key);
            result.Add(Definition(key, name, sourceType) with
            {
                IsOfflineConnector = OfflineConnectors.Contains(key),
                AuthorizationKeys = authorizationKeys,
                AuthorizationScheme = authorizationKeys.Count == 0 ? AuthorizationScheme.None
                    : oauth is not null || authorizationKeys.Contains("refreshToken") ? AuthorizationScheme.OAuth2
                    : AuthorizationScheme.Credentials,
                OAuth = oauth,
                CredentialFields = [.. authorizationKeys.Where(k => k != "accessToken" && k != "refreshToken").Select(k => Field(k, name))],
            });
        }

        return result;
    }

    /// <summary>Desktop products that Codat reaches through a locally installed connector.</summary>
    private static readonly HashSet<string> OfflineConnectors = ["pqsw", "hbql"];

    /// <summary>
    /// What update authorization must carry by default: nothing for sandboxes and test platforms (a single
    /// Connect button), an API key for key-based platforms, an OAuth token pair for the rest.
    /// Operators override this per integration with <c>AuthorizationKeys</c>.
    /// </summary>
    private static List<string> DefaultAuthorizationKeys(string key, string name)
    {
        if (name.Contains("Sandbox", StringComparison.Ordinal) || name.EndsWith(" Test", StringComparison.Ordinal) ||
            name.EndsWith(" Trial", StringComparison.Ordinal))
        {
            return [];
        }

        return key switch
        {
            "exgd" or "knfz" or "ltpp" => ["apiKey"],
            "pqsw" or "hbql" => ["connectorToken"],
            _ => ["accessToken", "refreshToken"],
        };
    }

    /// <summary>What the end user is told about a credentials field of <paramref name="platform"/>.</summary>
    private static CredentialField Field(string name, string platform) => name switch
    {
        "apiKey" => new(name, "API key", $"Create an API key in your {platform} account's settings (usually under Developers, API or Integrations) and paste it here."),
        "connectorToken" => new(name, "Connector token", $"Shown by the {platform} desktop connector once it is installed on the computer that runs {platform}."),
        _ => new(name, name, $"The '{name}' value from your {platform} account."),
    };

    private static IntegrationDefinition Definition(string key, string name, SourceType sourceType) => new(
        key,
        name,
        sourceType,
        DeterministicGuid.Create(DeterministicGuid.Namespace, "integration:" + key),
        DeterministicGuid.Create(DeterministicGuid.Namespace, "source:" + key),
        Enabled: true,
        IsOfflineConnector: false,
        IsBeta: false,
        DataProvidedBy: "Switchboard",
        LogoUrl: null,
        AuthorizationKeys: []);

    private static IntegrationDefinition Create(string key, IntegrationSettings settings) =>
        Apply(Definition(key, settings.Name ?? key, SourceType.Other), settings);

    private static IntegrationDefinition Apply(IntegrationDefinition existing, IntegrationSettings settings) => existing with
    {
        Name = settings.Name ?? existing.Name,
        SourceType = settings.SourceType is null ? existing.SourceType : Enum.Parse<SourceType>(settings.SourceType, ignoreCase: true),
        Enabled = settings.Enabled ?? existing.Enabled,
        IsOfflineConnector = settings.IsOfflineConnector ?? existing.IsOfflineConnector,
        IsBeta = settings.IsBeta ?? existing.IsBeta,
        DataProvidedBy = settings.DataProvidedBy ?? existing.DataProvidedBy,
        LogoUrl = settings.LogoUrl ?? existing.LogoUrl,
        AuthorizationKeys = settings.AuthorizationKeys is null ? existing.AuthorizationKeys : [.. settings.AuthorizationKeys],
        AuthorizationScheme = settings.AuthorizationScheme is { } scheme ? Enum.Parse<AuthorizationScheme>(scheme, ignoreCase: true)
            : settings.OAuth is not null ? AuthorizationScheme.OAuth2
            : existing.AuthorizationScheme,
        OAuth = settings.OAuth is null ? existing.OAuth : ApplyOAuth(existing.OAuth, settings.OAuth),
        // Their help names the platform, so a renamed integration's fields are told again.
        CredentialFields = settings.AuthorizationKeys is { } keys ? [.. keys.Select(k => Field(k, settings.Name ?? existing.Name))]
            : existing.CredentialFields?.Select(f => Field(f.Name, settings.Name ?? existing.Name)).ToList(),
    };

    private static OAuthDefinition ApplyOAuth(OAuthDefinition? existing, OAuthSettings settings) => new(
        settings.AuthorizeUrl is { } authorize ? new Uri(authorize) : existing?.AuthorizeUrl,
        settings.TokenUrl is { } token ? new Uri(token) : existing?.TokenUrl,
        settings.Scopes is { } scopes ? [.. scopes] : existing?.Scopes ?? [],
        settings.AuthorizeParameters is { } parameters ? new Dictionary<string, string>(parameters, StringComparer.Ordinal) : existing?.ExtraAuthorizeParameters ?? new Dictionary<string, string>(StringComparer.Ordinal),
        settings.ClientAuthentication is { } authentication ? Enum.Parse<ClientAuthentication>(authentication, ignoreCase: true) : existing?.ClientAuthentication ?? ClientAuthentication.Basic,
        settings.RotatesRefreshTokens ?? existing?.RotatesRefreshTokens ?? false,
        settings.ClientId,
        settings.ClientSecretFile is { } file && File.Exists(file) ? File.ReadAllText(file).Trim() : settings.ClientSecret,
        settings.TenantsUrl is { } tenants ? new Uri(tenants) : existing?.TenantsUrl);

    internal static string Describe(IntegrationDefinition integration) =>
        string.Create(CultureInfo.InvariantCulture, $"{integration.Name} ({integration.Key})");
}
