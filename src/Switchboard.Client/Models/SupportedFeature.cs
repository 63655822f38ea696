namespace Switchboard.Client.Models;

/// <summary>
/// One feature of an integration and its state.
/// </summary>
public class SupportedFeature
{
    /// <summary>The operation.</summary>
    public FeatureType? FeatureType { get; set; }

    /// <summary>How far along it is.</summary>
    public FeatureState? FeatureState { get; set; }
}
