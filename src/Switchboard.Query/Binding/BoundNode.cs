namespace Switchboard.Query.Binding;

/// <summary>
/// A node of a bound filter: a query checked against a schema, with every property resolved and every value
/// parsed to its type, ready for any back end (LINQ, SQL) to translate without looking at the text again.
/// </summary>
public abstract record BoundNode;
