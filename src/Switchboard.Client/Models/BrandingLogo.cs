namespace Switchboard.Client.Models;

/// <summary>
/// A platform's logos.
/// </summary>
public class BrandingLogo
{
    /// <summary>The full logo.</summary>
    public BrandingImage? Full { get; set; }

    /// <summary>The square logo.</summary>
    public BrandingImage? Square { get; set; }
}
