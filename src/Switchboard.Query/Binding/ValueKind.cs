namespace Switchboard.Query.Binding;

/// <summary>How a property's values are parsed and which operators apply to them.</summary>
public enum ValueKind
{
    /// <summary>Text: <c>=</c>, <c>!=</c> and <c>~</c>; values are <see cref="string"/>.</summary>
    String,

    /// <summary>An identifier: <c>=</c> and <c>!=</c>; values are <see cref="System.Guid"/>.</summary>
    Guid,

    /// <summary><c>true</c> or <c>false</c>: <c>=</c> and <c>!=</c>; values are <see cref="bool"/>.</summary>
    Boolean,

    /// <summary>An enum, by member name: <c>=</c> and <c>!=</c>; values are members of the property's enum type.</summary>
    Enum,

    /// <summary>A whole number: every operator but <c>~</c>; values have the property's integer type.</summary>
    Integer,

    /// <summary>A number with a fraction: every operator but <c>~</c>; values have the property's type (float, double or decimal).</summary>
    Real,

    /// <summary>A UTC instant: every operator but <c>~</c>; values are <see cref="System.DateTime"/> of UTC kind.</summary>
    DateTime,

    /// <summary>An instant with an offset: every operator but <c>~</c>; values are <see cref="System.DateTimeOffset"/> in UTC.</summary>
    DateTimeOffset,
}
