using System.Text.Json.Serialization;
using Switchboard.Client.Internal;

namespace Switchboard.Client.Models;

/// <summary>
/// The status of a data connection.
/// </summary>
/// <remarks>
/// An extensible enumeration: a value a newer server sends that this version does not know
/// is kept as it is (see <see cref="ToString"/>) instead of failing the whole response.
/// Compare values with <c>==</c>.
/// </remarks>
[JsonConverter(typeof(ExtensibleEnumConverter<DataConnectionStatus>))]
public readonly struct DataConnectionStatus : IEquatable<DataConnectionStatus>, IExtensibleEnum<DataConnectionStatus>
{
    private readonly string? _value;

    /// <summary>Creates a value from its wire text.</summary>
    /// <param name="value">The text the server sends for this value.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public DataConnectionStatus(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The connection was created and waits for the company to authorize it.</summary>
    public static DataConnectionStatus PendingAuth { get; } = new("PendingAuth");

    /// <summary>The company authorized the connection and it can be used.</summary>
    public static DataConnectionStatus Linked { get; } = new("Linked");

    /// <summary>The connection was unlinked: credentials were destroyed, metadata stays.</summary>
    public static DataConnectionStatus Unlinked { get; } = new("Unlinked");

    /// <summary>The platform's access ended (credentials expired or were revoked).</summary>
    public static DataConnectionStatus Deauthorized { get; } = new("Deauthorized");

    /// <summary>Compares two values, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when both carry the same text.</returns>
    public static bool operator ==(DataConnectionStatus left, DataConnectionStatus right) => left.Equals(right);

    /// <summary>Compares two values, ignoring case.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when the values differ.</returns>
    public static bool operator !=(DataConnectionStatus left, DataConnectionStatus right) => !left.Equals(right);

    /// <summary>Converts wire text to a value.</summary>
    /// <param name="value">The text the server sends for this value.</param>
    public static implicit operator DataConnectionStatus(string value) => FromString(value);

    /// <summary>Converts wire text to a value.</summary>
    /// <param name="value">The text the server sends for this value.</param>
    /// <returns>The value, equal (ignoring case) to the known static value with the same text.</returns>
    public static DataConnectionStatus FromString(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(DataConnectionStatus other) => string.Equals(_value, other._value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DataConnectionStatus other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_value);

    /// <summary>Returns the wire text of the value.</summary>
    /// <returns>The text, or an empty string for the default value.</returns>
    public override string ToString() => _value ?? string.Empty;
}
