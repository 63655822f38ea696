namespace Switchboard.Client.Models;

/// <summary>
/// A platform's button images.
/// </summary>
public class BrandingButton
{
    /// <summary>The button as normally shown.</summary>
    public BrandingImage? Default { get; set; }

    /// <summary>The button under the pointer.</summary>
    public BrandingImage? Hover { get; set; }
}
