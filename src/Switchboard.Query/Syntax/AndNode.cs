namespace Switchboard.Query.Syntax;

/// <summary>
/// <c>a &amp;&amp; b &amp;&amp; …</c>: true when every operand is. Has at least two operands, none of them an
/// <see cref="AndNode"/> (the parser flattens them).
/// </summary>
/// <param name="Operands">The conditions, in the order written.</param>
public sealed record AndNode(IReadOnlyList<QueryNode> Operands) : QueryNode;
