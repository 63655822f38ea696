using Switchboard.Query.Syntax;

namespace Switchboard.Query.Binding;

/// <summary>
/// Checks a syntax tree against a schema: resolves every property, checks every operator and parses every value.
/// Every clause is checked, so all unresolved properties and bad values are reported together.
/// </summary>
internal sealed class QueryBinder
{
    private readonly SchemaDefinition _root;
    private readonly List<QueryDiagnostic> _diagnostics = [];
    private string? _message;

    private QueryBinder(SchemaDefinition root) => _root = root;

    public static QueryResult<BoundNode> Bind(SchemaDefinition schema, QueryNode root)
    {
        var binder = new QueryBinder(schema);
        var bound = binder.BindNode(root, schema);
        return bound is null
            ? QueryResult<BoundNode>.Failure(new QueryError(binder._message!, binder._diagnostics))
            : QueryResult<BoundNode>.Success(bound);
    }

    private BoundNode? BindNode(QueryNode node, SchemaDefinition schema) => node switch
    {
        OrNode or => BindAll(or.Operands, schema) is { } operands ? new BoundOr(operands) : null,
        AndNode and => BindAll(and.Operands, schema) is { } operands ? new BoundAnd(operands) : null,
        ClauseNode clause => BindClause(clause, clause.PropertySegments, 0, schema),
        _ => null,
    };

    private List<BoundNode>? BindAll(IReadOnlyList<QueryNode> operands, SchemaDefinition schema)
    {
        var bound = new List<BoundNode>(operands.Count);
        var failed = false;
        foreach (var operand in operands)
        {
            var node = BindNode(operand, schema);
            failed |= node is null;
            if (node is not null)
            {
                bound.Add(node);
            }
        }

        return failed ? null : bound;
    }

    private BoundNode? BindClause(ClauseNode clause, IReadOnlyList<string> segments, int index, SchemaDefinition schema)
    {
        var isLast = index == segments.Count - 1;
        schema.TryGetMember(segments[index], out var member);
        switch (member)
        {
            case QueryProperty property when isLast:
                return BindComparison(clause, property);
            case QueryCollection collection when !isLast:
                return BindClause(clause, segments, index + 1, collection.ItemSchema) is { } condition
                    ? new BoundAny(collection, condition)
                    : null;
            default:
                return Report(
                    clause.PropertySpan,
                    QueryMessages.UnresolvedProperty(clause.Property, _root.ResourceName),
                    $"Could not resolve property '{clause.Property}' on {_root.ResourceName} at position {At(clause.PropertySpan)}.");
        }
    }

    private BoundNode? BindComparison(ClauseNode clause, QueryProperty property)
    {
        var op = clause.Operator.ToText();
        if (!OperatorRules.IsAllowed(property.Kind, clause.Operator))
        {
            var allowed = OperatorRules.Allowed(property.Kind);
            return Report(
                clause.OperatorSpan,
                QueryMessages.InvalidOperator(op, clause.Property, clause.Value, allowed),
                $"Operator '{op}' at position {At(clause.OperatorSpan)} cannot be used with property '{clause.Property}': expected {allowed}.");
        }

        if (!ValueParser.TryParse(property, clause.Value, out var value))
        {
            var expected = ValueParser.Expected(property);
            return Report(
                clause.ValueSpan,
                QueryMessages.InvalidValue(clause.Property, clause.Value, expected),
                $"Value '{clause.Value}' at position {At(clause.ValueSpan)} is not valid for property '{clause.Property}': expected {expected}.");
        }

        if (clause.Operator == ComparisonOperator.Contains)
        {
            return new BoundComparison(property, clause.Operator, ((string)value.Value).ToLowerInvariant());
        }

        return value.IsWholeDay
            ? CompareWithDay(clause.Operator, property, value)
            : new BoundComparison(property, clause.Operator, value.Value);
    }

    /// <summary>A date without a time is the whole UTC day: a comparison with it is one with the day's bounds.</summary>
    private static BoundNode CompareWithDay(ComparisonOperator op, QueryProperty property, ParsedValue day)
    {
        BoundComparison Start(ComparisonOperator with) => new(property, with, day.Value);
        BoundComparison End(ComparisonOperator with) => new(property, with, day.DayEnd);
        switch (op)
        {
            case ComparisonOperator.Equal:
                return new BoundAnd([Start(ComparisonOperator.GreaterThanOrEqual), End(ComparisonOperator.LessThan)]);
            case ComparisonOperator.NotEqual:
                var outside = new BoundOr([Start(ComparisonOperator.LessThan), End(ComparisonOperator.GreaterThanOrEqual)]);

                // Like != on any other value, a day excludes null only when asked to equal it.
                return property.IsNullable
                    ? new BoundOr([new BoundComparison(property, ComparisonOperator.Equal, null), outside])
                    : outside;
            case ComparisonOperator.GreaterThan:
                return End(ComparisonOperator.GreaterThanOrEqual);
            case ComparisonOperator.GreaterThanOrEqual:
                return Start(ComparisonOperator.GreaterThanOrEqual);
            case ComparisonOperator.LessThan:
                return Start(ComparisonOperator.LessThan);
            default:
                return End(ComparisonOperator.LessThan);
        }
    }

    private BoundNode? Report(TextSpan span, string message, string detail)
    {
        _message ??= message;
        _diagnostics.Add(new QueryDiagnostic(span.Start, span.Length, detail));
        return null;
    }

    private static string At(TextSpan span) => QueryMessages.At(span.Start);
}
