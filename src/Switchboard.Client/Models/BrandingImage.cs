namespace Switchboard.Client.Models;

/// <summary>
/// One branding image.
/// </summary>
public class BrandingImage
{
    /// <summary>Where the image is.</summary>
    public ImageReference? Image { get; set; }
}
