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
            result.Add(Definition(key, name, sourceType) with
            {
                IsOfflineConnector = OfflineConnectors.Contains(key),
                AuthorizationKeys = DefaultAuthorizationKeys(key, name),
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
    };

    internal static string Describe(IntegrationDefinition integration) =>
        string.Create(CultureInfo.InvariantCulture, $"{integration.Name} ({integration.Key})");
}
