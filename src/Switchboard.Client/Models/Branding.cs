namespace Switchboard.Client.Models;

/// <summary>
/// The images that represent an integration's platform.
/// </summary>
public class Branding
{
    /// <summary>The platform's logos.</summary>
    public BrandingLogo? Logo { get; set; }

    /// <summary>The platform's button images.</summary>
    public BrandingButton? Button { get; set; }

    /// <summary>The identifier of the source (the platform).</summary>
    public string? SourceId { get; set; }
}
