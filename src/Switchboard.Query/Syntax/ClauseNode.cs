namespace Switchboard.Query.Syntax;

/// <summary>One comparison: <c>property operator value</c>.</summary>
/// <param name="Property">The property name as written, segments joined by <c>.</c> (e.g. <c>dataConnections.status</c>).</param>
/// <param name="Operator">The comparison operator.</param>
/// <param name="Value">The value as written, trimmed; never empty.</param>
public sealed record ClauseNode(string Property, ComparisonOperator Operator, string Value) : QueryNode
{
    /// <summary>Where the property name is in the query text.</summary>
    public TextSpan PropertySpan { get; init; }

    /// <summary>Where the operator is in the query text.</summary>
    public TextSpan OperatorSpan { get; init; }

    /// <summary>Where the (trimmed) value is in the query text.</summary>
    public TextSpan ValueSpan { get; init; }

    /// <summary>The segments of <see cref="Property"/>, split at <c>.</c>.</summary>
    public IReadOnlyList<string> PropertySegments => Property.Split('.');
}
