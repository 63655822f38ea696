using System.Text.Json.Serialization;
using Switchboard.Client.Internal;

namespace Switchboard.Client.Models;

/// <summary>
/// The kind of platform an integration connects to.
/// </summary>
/// <remarks>
/// An extensible enumeration: a value a newer server sends that this version does not know
/// is kept as it is (see <see cref="ToString"/>) instead of failing the whole response.
/// Compare values with <c>==</c>.
/// </remarks>
[JsonConverter(typeof(ExtensibleEnumConverter<SourceType>))]
public readonly struct SourceType : IEquatable<SourceType>, IExtensibleEnum<SourceType>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire text.</summary>
    /// <param name="value">The text the server sends for this value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public SourceType(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>An accounting platform.</summary>
    public static SourceType Accounting { get; } = new("Accounting");

    /// <summary>A banking platform.</summary>
    public static SourceType Banking { get; } = new("Banking");

    /// <summary>A bank feed.</summary>
    public static SourceType BankFeed { get; } = new("BankFeed");

    /// <summary>A commerce platform.</summary>
    public static SourceType Commerce { get; } = new("Commerce");

    /// <summary>An expense management platform.</summary>
    public static SourceType Expense { get; } = new("Expense");

    /// <summary>A platform of another kind.</summary>
    public static SourceType Other { get; } = new("Other");

    /// <summary>A platform whose kind is not known.</summary>
    public static SourceType Unknown { get; } = new("Unknown");

    /// <summary>Compares two values, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when both carry the same text.</returns>
    public static bool operator ==(SourceType left, SourceType right) => left.Equals(right);

    /// <summary>Compares two values, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when the values differ.</returns>
    public static bool operator !=(SourceType left, SourceType right) => !left.Equals(right);

    /// <summary>Converts wire text to a value.</summary>
    /// <param name="value">The text the server sends for this value.</param>
    public static implicit operator SourceType(string value) => FromString(value);

    /// <summary>Converts wire text to a value.</summary>
    /// <param name="value">The text the server sends for this value.</param>
    /// <returns>The value, equal (ignoring case) to the known static value with the same text.</returns>
    public static SourceType FromString(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(SourceType other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SourceType other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the wire text of the value.</summary>
    /// <returns>The text, or an empty string for the default value.</returns>
    public override string ToString() => _value ?? string.Empty;
}
