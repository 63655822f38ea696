namespace Switchboard.Client.Models;

/// <summary>
/// The features an integration supports for one data type.
/// </summary>
public class DataTypeFeature
{
    /// <summary>The data type, for example <c>invoices</c>.</summary>
    public string? DataType { get; set; }

    /// <summary>The supported features.</summary>
    public IList<SupportedFeature>? SupportedFeatures { get; set; }
}
