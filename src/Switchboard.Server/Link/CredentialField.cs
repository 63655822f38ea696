namespace Switchboard.Server.Link;

/// <summary>One field of the Credentials form: the authorization key it fills, its label and its help text.</summary>
public sealed record CredentialField(string Name, string Label, string Help)
{
    /// <summary>A field for <paramref name="key"/> (<c>apiKey</c> → "API key"), with help naming the platform and the tenant.</summary>
    public static CredentialField For(string key, string platform, string tenant)
    {
        var words = System.Text.RegularExpressions.Regex.Split(key, "(?<=[a-z0-9])(?=[A-Z])|[_\\-\\s]+")
            .Where(w => w.Length > 0)
            .Select((w, i) => w.Equals("api", StringComparison.OrdinalIgnoreCase) || w.Equals("id", StringComparison.OrdinalIgnoreCase)
                ? w.ToUpperInvariant()
                : i == 0 ? char.ToUpperInvariant(w[0]) + w[1..] : w.ToLowerInvariant());
        var label = string.Join(' ', words);
        return new CredentialField(key, label,
            $"Your {platform} {label}, from your {platform} account settings. {tenant} uses it to read your {platform} data; it is stored encrypted and never shown again.");
    }
}
