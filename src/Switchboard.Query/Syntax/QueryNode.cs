namespace Switchboard.Query.Syntax;

/// <summary>
/// A node of the immutable syntax tree of a query. Equality of the records includes positions;
/// use <see cref="SyntaxComparer"/> to compare trees by shape and text only.
/// </summary>
public abstract record QueryNode
{
    /// <summary>Where the node is in the query text (braces around a group excluded).</summary>
    public TextSpan Span { get; init; }
}
