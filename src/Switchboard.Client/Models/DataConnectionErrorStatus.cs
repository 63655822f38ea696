using System.Text.Json.Serialization;
using Switchboard.Client.Internal;

namespace Switchboard.Client.Models;

/// <summary>
/// Whether a data connection error is still in effect.
/// </summary>
/// <remarks>
/// An extensible enumeration: a value a newer server sends that this version does not know
/// is kept as it is (see <see cref="ToString"/>) instead of failing the whole response.
/// Compare values with <c>==</c>.
/// </remarks>
[JsonConverter(typeof(ExtensibleEnumConverter<DataConnectionErrorStatus>))]
public readonly struct DataConnectionErrorStatus : IEquatable<DataConnectionErrorStatus>, IExtensibleEnum<DataConnectionErrorStatus>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire text.</summary>
    /// <param name="value">The text the server sends for this value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public DataConnectionErrorStatus(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The error is still in effect.</summary>
    public static DataConnectionErrorStatus Active { get; } = new("Active");

    /// <summary>The error was resolved.</summary>
    public static DataConnectionErrorStatus Resolved { get; } = new("Resolved");

    /// <summary>Compares two values, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when both carry the same text.</returns>
    public static bool operator ==(DataConnectionErrorStatus left, DataConnectionErrorStatus right) => left.Equals(right);

    /// <summary>Compares two values, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when the values differ.</returns>
    public static bool operator !=(DataConnectionErrorStatus left, DataConnectionErrorStatus right) => !left.Equals(right);

    /// <summary>Converts wire text to a value.</summary>
    /// <param name="value">The text the server sends for this value.</param>
    public static implicit operator DataConnectionErrorStatus(string value) => FromString(value);

    /// <summary>Converts wire text to a value.</summary>
    /// <param name="value">The text the server sends for this value.</param>
    /// <returns>The value, equal (ignoring case) to the known static value with the same text.</returns>
    public static DataConnectionErrorStatus FromString(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(DataConnectionErrorStatus other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DataConnectionErrorStatus other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the wire text of the value.</summary>
    /// <returns>The text, or an empty string for the default value.</returns>
    public override string ToString() => _value ?? string.Empty;
}
