namespace Switchboard.Query.Syntax;

/// <summary>
/// <c>a || b || …</c>: true when any operand is. Has at least two operands, none of them an
/// <see cref="OrNode"/> (the parser flattens them).
/// </summary>
/// <param name="Operands">The alternatives, in the order written.</param>
public sealed record OrNode(IReadOnlyList<QueryNode> Operands) : QueryNode;
