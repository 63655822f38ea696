using System.Text.Json.Serialization;
using Switchboard.Client.Internal;

namespace Switchboard.Client.Models;

/// <summary>
/// An operation an integration supports on a data type.
/// </summary>
/// <remarks>
/// An extensible enumeration: a value a newer server sends that this version does not know
/// is kept as it is (see <see cref="ToString"/>) instead of failing the whole response.
/// Compare values with <c>==</c>.
/// </remarks>
[JsonConverter(typeof(ExtensibleEnumConverter<FeatureType>))]
public readonly struct FeatureType : IEquatable<FeatureType>, IExtensibleEnum<FeatureType>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire text.</summary>
    /// <param name="value">The text the server sends for this value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public FeatureType(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>Reading records.</summary>
    public static FeatureType Get { get; } = new("Get");

    /// <summary>Creating records.</summary>
    public static FeatureType Post { get; } = new("Post");

    /// <summary>Categorizing records.</summary>
    public static FeatureType Categorization { get; } = new("Categorization");

    /// <summary>Deleting records.</summary>
    public static FeatureType Delete { get; } = new("Delete");

    /// <summary>Replacing records.</summary>
    public static FeatureType Put { get; } = new("Put");

    /// <summary>Reading a record as PDF.</summary>
    public static FeatureType GetAsPdf { get; } = new("GetAsPdf");

    /// <summary>Downloading an attachment.</summary>
    public static FeatureType DownloadAttachment { get; } = new("DownloadAttachment");

    /// <summary>Reading one attachment.</summary>
    public static FeatureType GetAttachment { get; } = new("GetAttachment");

    /// <summary>Listing attachments.</summary>
    public static FeatureType GetAttachments { get; } = new("GetAttachments");

    /// <summary>Uploading an attachment.</summary>
    public static FeatureType UploadAttachment { get; } = new("UploadAttachment");

    /// <summary>Compares two values, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when both carry the same text.</returns>
    public static bool operator ==(FeatureType left, FeatureType right) => left.Equals(right);

    /// <summary>Compares two values, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when the values differ.</returns>
    public static bool operator !=(FeatureType left, FeatureType right) => !left.Equals(right);

    /// <summary>Converts wire text to a value.</summary>
    /// <param name="value">The text the server sends for this value.</param>
    public static implicit operator FeatureType(string value) => FromString(value);

    /// <summary>Converts wire text to a value.</summary>
    /// <param name="value">The text the server sends for this value.</param>
    /// <returns>The value, equal (ignoring case) to the known static value with the same text.</returns>
    public static FeatureType FromString(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(FeatureType other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is FeatureType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the wire text of the value.</summary>
    /// <returns>The text, or an empty string for the default value.</returns>
    public override string ToString() => _value ?? string.Empty;
}
