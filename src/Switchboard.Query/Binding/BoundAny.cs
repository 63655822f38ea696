namespace Switchboard.Query.Binding;

/// <summary>
/// <c>collection.itemProperty op value</c>: true when any item of <paramref name="Collection"/> meets
/// <paramref name="Condition"/>, which is bound against the item schema.
/// </summary>
/// <param name="Collection">The collection.</param>
/// <param name="Condition">The condition on one item: a <see cref="BoundComparison"/>, a <see cref="BoundAny"/> for a nested collection, or the <see cref="BoundAnd"/>/<see cref="BoundOr"/> that a whole-day date becomes.</param>
public sealed record BoundAny(QueryCollection Collection, BoundNode Condition) : BoundNode;
