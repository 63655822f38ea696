namespace Switchboard.Query.Binding;

/// <summary>One key of an order: a sortable property and its direction.</summary>
/// <param name="Property">The property sorted on.</param>
/// <param name="Descending">Whether the key sorts from high to low.</param>
public sealed record BoundSortKey(QueryProperty Property, bool Descending);
