namespace Switchboard.Query.Binding;

/// <summary>True when any operand is; at least two operands.</summary>
/// <param name="Operands">The alternatives, in the order written.</param>
public sealed record BoundOr(IReadOnlyList<BoundNode> Operands) : BoundNode;
