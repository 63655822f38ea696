namespace Switchboard.Client.Models;

/// <summary>
/// A platform that companies can connect to.
/// </summary>
public class Integration
{
    /// <summary>The platform key: four lowercase letters, for example <c>gbol</c>.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>The URL of the platform's logo.</summary>
    public string? LogoUrl { get; set; }

    /// <summary>The platform's name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Whether connections to the platform can be created.</summary>
    public bool Enabled { get; set; }

    /// <summary>The identifier of the source (the platform) behind the integration.</summary>
    public string? SourceId { get; set; }

    /// <summary>The kind of platform.</summary>
    public SourceType? SourceType { get; set; }

    /// <summary>The integration's identifier.</summary>
    public string? IntegrationId { get; set; }

    /// <summary>Whether the platform is reached through an offline connector.</summary>
    public bool? IsOfflineConnector { get; set; }

    /// <summary>Whether the integration is in beta.</summary>
    public bool? IsBeta { get; set; }

    /// <summary>Who provides the data.</summary>
    public string? DataProvidedBy { get; set; }

    /// <summary>The features the integration supports for each data type.</summary>
    public IList<DataTypeFeature>? DatatypeFeatures { get; set; }
}
