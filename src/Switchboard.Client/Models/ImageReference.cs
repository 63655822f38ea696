namespace Switchboard.Client.Models;

/// <summary>
/// The location and description of an image.
/// </summary>
public class ImageReference
{
    /// <summary>The image's URL.</summary>
    public string? Src { get; set; }

    /// <summary>Text that describes the image.</summary>
    public string? Alt { get; set; }
}
