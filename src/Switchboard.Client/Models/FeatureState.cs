using System.Text.Json.Serialization;
using Switchboard.Client.Internal;

namespace Switchboard.Client.Models;

/// <summary>
/// How far along a feature of an integration is.
/// </summary>
/// <remarks>
/// An extensible enumeration: a value a newer server sends that this version does not know
/// is kept as it is (see <see cref="ToString"/>) instead of failing the whole response.
/// Compare values with <c>==</c>.
/// </remarks>
[JsonConverter(typeof(ExtensibleEnumConverter<FeatureState>))]
public readonly struct FeatureState : IEquatable<FeatureState>, IExtensibleEnum<FeatureState>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire text.</summary>
    /// <param name="value">The text the server sends for this value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public FeatureState(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>Released.</summary>
    public static FeatureState Release { get; } = new("Release");

    /// <summary>In alpha.</summary>
    public static FeatureState Alpha { get; } = new("Alpha");

    /// <summary>In beta.</summary>
    public static FeatureState Beta { get; } = new("Beta");

    /// <summary>Deprecated.</summary>
    public static FeatureState Deprecated { get; } = new("Deprecated");

    /// <summary>Not supported by the platform.</summary>
    public static FeatureState NotSupported { get; } = new("NotSupported");

    /// <summary>Not implemented yet.</summary>
    public static FeatureState NotImplemented { get; } = new("NotImplemented");

    /// <summary>Compares two values, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when both carry the same text.</returns>
    public static bool operator ==(FeatureState left, FeatureState right) => left.Equals(right);

    /// <summary>Compares two values, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when the values differ.</returns>
    public static bool operator !=(FeatureState left, FeatureState right) => !left.Equals(right);

    /// <summary>Converts wire text to a value.</summary>
    /// <param name="value">The text the server sends for this value.</param>
    public static implicit operator FeatureState(string value) => FromString(value);

    /// <summary>Converts wire text to a value.</summary>
    /// <param name="value">The text the server sends for this value.</param>
    /// <returns>The value, equal (ignoring case) to the known static value with the same text.</returns>
    public static FeatureState FromString(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(FeatureState other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is FeatureState other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the wire text of the value.</summary>
    /// <returns>The text, or an empty string for the default value.</returns>
    public override string ToString() => _value ?? string.Empty;
}
