using Switchboard.Query.Syntax;

namespace Switchboard.Query.Binding;

/// <summary>
/// <c>property op value</c> with the value parsed to the property's type. The operators keep C# semantics: a null
/// property is not equal to any value, and is neither greater nor less than one.
/// </summary>
/// <param name="Property">The property compared.</param>
/// <param name="Operator">
/// The operator; always one the property's <see cref="ValueKind"/> allows. <see cref="ComparisonOperator.Contains"/>
/// is true when the property is not null and its lower-cased text contains <paramref name="Value"/>.
/// </param>
/// <param name="Value">
/// The value, of the property's <see cref="QueryProperty.ValueType"/> (dates in UTC). For
/// <see cref="ComparisonOperator.Contains"/> the text lower-cased (invariant culture). Null only with
/// <see cref="ComparisonOperator.Equal"/>, for "is null" (the query language has no null; a whole-day
/// <c>!=</c> on a nullable date produces it).
/// </param>
public sealed record BoundComparison(QueryProperty Property, ComparisonOperator Operator, object? Value) : BoundNode;
