namespace Switchboard.Query.Syntax;

/// <summary>The comparison operators of the query language.</summary>
public enum ComparisonOperator
{
    /// <summary><c>=</c>: equal.</summary>
    Equal,

    /// <summary><c>!=</c>: not equal.</summary>
    NotEqual,

    /// <summary><c>~</c>: contains, case-insensitively (strings only).</summary>
    Contains,

    /// <summary><c>&gt;</c>: greater than (numbers and dates only).</summary>
    GreaterThan,

    /// <summary><c>&lt;</c>: less than (numbers and dates only).</summary>
    LessThan,

    /// <summary><c>&gt;=</c>: greater than or equal (numbers and dates only).</summary>
    GreaterThanOrEqual,

    /// <summary><c>&lt;=</c>: less than or equal (numbers and dates only).</summary>
    LessThanOrEqual,
}
