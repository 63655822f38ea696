namespace Switchboard.Query.Binding;

/// <summary>True when every operand is; at least two operands.</summary>
/// <param name="Operands">The conditions, in the order written.</param>
public sealed record BoundAnd(IReadOnlyList<BoundNode> Operands) : BoundNode;
