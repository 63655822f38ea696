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
            var scheme = DefaultScheme(key, name);
            IReadOnlyList<string> credentialKeys = CredentialKeys.TryGetValue(key, out var credentialKey) ? [credentialKey] : [];
            result.Add(Definition(key, name, sourceType) with
            {
                IsOfflineConnector = OfflineConnectors.Contains(key),
                AuthorizationKeys = scheme == AuthorizationScheme.Credentials ? credentialKeys : KeysOf(scheme),
                AuthorizationScheme = scheme,
                OAuth = BuiltInOAuth.ByKey.GetValueOrDefault(key),
                CredentialFields = [.. credentialKeys.Select(k => Field(k, name))],
            });
        }

        return result;
    }

    /// <summary>Desktop products that Codat reaches through a locally installed connector.</summary>
    private static readonly HashSet<string> OfflineConnectors = ["pqsw", "hbql"];

    /// <summary>The one field of each built-in <see cref="AuthorizationScheme.Credentials"/> platform: an API key, or a desktop connector's token.</summary>
    private static readonly Dictionary<string, string> CredentialKeys = new(StringComparer.Ordinal)
    {
        ["exgd"] = "apiKey",
        ["knfz"] = "apiKey",
        ["ltpp"] = "apiKey",
        ["pqsw"] = "connectorToken",
        ["hbql"] = "connectorToken",
    };

    /// <summary>What <c>PUT …/authorization</c> of an <see cref="AuthorizationScheme.OAuth2"/> integration carries: the token pair.</summary>
    private static readonly IReadOnlyList<string> OAuthTokenKeys = ["accessToken", "refreshToken"];

    /// <summary>
    /// How a built-in platform is authorized: OAuth 2.0 where the catalogue has the platform's endpoints (Intuit's sandbox
    /// companies sign in through the same consent as real ones, so QuickBooks Online Sandbox too); one Connect button for
    /// the other sandboxes and test platforms; a form for key-based platforms and desktop connectors; OAuth 2.0 for the
    /// rest, whose endpoints an operator configures.
    /// </summary>
    private static AuthorizationScheme DefaultScheme(string key, string name) =>
        BuiltInOAuth.ByKey.ContainsKey(key) ? AuthorizationScheme.OAuth2
        : name.Contains("Sandbox", StringComparison.Ordinal) || name.EndsWith(" Test", StringComparison.Ordinal) || name.EndsWith(" Trial", StringComparison.Ordinal)
            ? AuthorizationScheme.None
        : CredentialKeys.ContainsKey(key) ? AuthorizationScheme.Credentials
        : AuthorizationScheme.OAuth2;

    /// <summary>
    /// What <c>PUT …/authorization</c> must carry under a scheme that fixes it: the token pair for OAuth 2.0, nothing for a
    /// Connect button; a credentials form's fields are the integration's own. Operators override this per integration
    /// with <c>AuthorizationKeys</c>.
    /// </summary>
    private static IReadOnlyList<string> KeysOf(AuthorizationScheme scheme) => scheme == AuthorizationScheme.OAuth2 ? OAuthTokenKeys : [];

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

    private static IntegrationDefinition Apply(IntegrationDefinition existing, IntegrationSettings settings)
    {
        var scheme = settings.AuthorizationScheme is { } configured ? Enum.Parse<AuthorizationScheme>(configured, ignoreCase: true)
            : settings.OAuth is not null ? AuthorizationScheme.OAuth2
            : existing.AuthorizationScheme;
        return existing with
        {
            Name = settings.Name ?? existing.Name,
            SourceType = settings.SourceType is null ? existing.SourceType : Enum.Parse<SourceType>(settings.SourceType, ignoreCase: true),
            Enabled = settings.Enabled ?? existing.Enabled,
            IsOfflineConnector = settings.IsOfflineConnector ?? existing.IsOfflineConnector,
            IsBeta = settings.IsBeta ?? existing.IsBeta,
            DataProvidedBy = settings.DataProvidedBy ?? existing.DataProvidedBy,
            LogoUrl = settings.LogoUrl ?? existing.LogoUrl,
            // A scheme changed by configuration brings its own keys (a credentials form keeps those it had), unless configured too.
            AuthorizationKeys = settings.AuthorizationKeys is { } keys ? [.. keys]
                : scheme == existing.AuthorizationScheme || scheme == AuthorizationScheme.Credentials ? existing.AuthorizationKeys
                : KeysOf(scheme),
            AuthorizationScheme = scheme,
            OAuth = settings.OAuth is null ? existing.OAuth : ApplyOAuth(existing.OAuth, settings.OAuth),
            // Their help names the platform, so a renamed integration's fields are told again.
            CredentialFields = settings.AuthorizationKeys is { } fields ? [.. fields.Select(k => Field(k, settings.Name ?? existing.Name))]
                : existing.CredentialFields?.Select(f => Field(f.Name, settings.Name ?? existing.Name)).ToList(),
        };
    }

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
