using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Switchboard.Query.Syntax;

namespace Switchboard.Query.Translation;

/// <summary>
/// Turns a syntax tree into a predicate over a schema's entity type. Every clause is checked,
/// so all unresolved properties and bad values are reported together.
/// </summary>
internal sealed class QueryTranslator
{
    private static readonly MethodInfo ToLower = typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!;
    private static readonly MethodInfo Contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;

    private readonly SchemaDefinition _root;
    private readonly List<QueryDiagnostic> _diagnostics = [];
    private string? _message;
    private int _parameterCount;

    private QueryTranslator(SchemaDefinition root) => _root = root;

    public static QueryResult<Expression<Func<T, bool>>> Translate<T>(SchemaDefinition schema, QueryNode root)
    {
        var translator = new QueryTranslator(schema);
        var parameter = Expression.Parameter(typeof(T), "x");
        var body = translator.TranslateNode(root, schema, parameter);
        return body is null
            ? QueryResult<Expression<Func<T, bool>>>.Failure(new QueryError(translator._message!, translator._diagnostics))
            : QueryResult<Expression<Func<T, bool>>>.Success(Expression.Lambda<Func<T, bool>>(body, parameter));
    }

    private Expression? TranslateNode(QueryNode node, SchemaDefinition schema, Expression target) => node switch
    {
        OrNode or => Combine(or.Operands, schema, target, Expression.OrElse),
        AndNode and => Combine(and.Operands, schema, target, Expression.AndAlso),
        ClauseNode clause => TranslateClause(clause, clause.PropertySegments, 0, schema, target),
        _ => null,
    };

    private Expression? Combine(
        IReadOnlyList<QueryNode> operands,
        SchemaDefinition schema,
        Expression target,
        Func<Expression, Expression, BinaryExpression> combine)
    {
        var translated = new List<Expression>(operands.Count);
        var failed = false;
        foreach (var operand in operands)
        {
            var expression = TranslateNode(operand, schema, target);
            failed |= expression is null;
            if (expression is not null)
            {
                translated.Add(expression);
            }
        }

        return failed ? null : Balance(translated, 0, translated.Count, combine);
    }

    // A balanced tree keeps long chains of || or && shallow for the visitors of EF Core and the compiler.
    private static Expression Balance(List<Expression> items, int start, int count, Func<Expression, Expression, BinaryExpression> combine)
    {
        if (count == 1)
        {
            return items[start];
        }

        var half = count / 2;
        return combine(Balance(items, start, half, combine), Balance(items, start + half, count - half, combine));
    }

    private Expression? TranslateClause(
        ClauseNode clause,
        IReadOnlyList<string> segments,
        int index,
        SchemaDefinition schema,
        Expression target)
    {
        var isLast = index == segments.Count - 1;
        schema.TryGetMember(segments[index], out var member);
        switch (member)
        {
            case ScalarMember scalar when isLast:
                return TranslateComparison(clause, scalar, ParameterReplacer.Apply(scalar.Selector, target));
            case CollectionMember collection when !isLast:
                var item = Expression.Parameter(collection.ItemType, "x" + (++_parameterCount).ToString(CultureInfo.InvariantCulture));
                var predicate = TranslateClause(clause, segments, index + 1, collection.ItemSchema, item);
                if (predicate is null)
                {
                    return null;
                }

                var source = ParameterReplacer.Apply(collection.Selector, target);
                return Expression.Call(
                    typeof(Enumerable),
                    nameof(Enumerable.Any),
                    [collection.ItemType],
                    source,
                    Expression.Lambda(predicate, item));
            default:
                return Report(
                    clause.PropertySpan,
                    QueryMessages.UnresolvedProperty(clause.Property, _root.ResourceName),
                    $"Could not resolve property '{clause.Property}' on {_root.ResourceName} at position {At(clause.PropertySpan)}.");
        }
    }

    private Expression? TranslateComparison(ClauseNode clause, ScalarMember member, Expression property)
    {
        var op = clause.Operator.ToText();
        if (!OperatorRules.IsAllowed(member.Kind, clause.Operator))
        {
            var allowed = OperatorRules.Allowed(member.Kind);
            return Report(
                clause.OperatorSpan,
                QueryMessages.InvalidOperator(op, clause.Property, clause.Value, allowed),
                $"Operator '{op}' at position {At(clause.OperatorSpan)} cannot be used with property '{clause.Property}': expected {allowed}.");
        }

        if (!ValueParser.TryParse(member, clause.Value, out var value))
        {
            var expected = ValueParser.Expected(member);
            return Report(
                clause.ValueSpan,
                QueryMessages.InvalidValue(clause.Property, clause.Value, expected),
                $"Value '{clause.Value}' at position {At(clause.ValueSpan)} is not valid for property '{clause.Property}': expected {expected}.");
        }

        if (clause.Operator == ComparisonOperator.Contains)
        {
            // ToLower + Contains translates on SQLite, PostgreSQL and LINQ to objects alike.
            var lowered = member.Embed(((string)value.Value).ToLowerInvariant());
            return Expression.AndAlso(
                Expression.NotEqual(property, Expression.Constant(null, property.Type)),
                Expression.Call(Expression.Call(property, ToLower), Contains, lowered));
        }

        return value.IsWholeDay
            ? CompareWithDay(clause.Operator, member, property, value)
            : Compare(clause.Operator, property, member.Embed(value.Value));
    }

    private static Expression CompareWithDay(ComparisonOperator op, ScalarMember member, Expression property, ParsedValue day)
    {
        Expression Start() => member.Embed(day.Value);
        Expression End() => member.Embed(day.DayEnd!);
        switch (op)
        {
            case ComparisonOperator.Equal:
                return Expression.AndAlso(Expression.GreaterThanOrEqual(property, Start()), Expression.LessThan(property, End()));
            case ComparisonOperator.NotEqual:
                Expression outside = Expression.OrElse(Expression.LessThan(property, Start()), Expression.GreaterThanOrEqual(property, End()));

                // Like != on any other value, a day excludes null only when asked to equal it.
                return member.IsNullable
                    ? Expression.OrElse(Expression.Equal(property, Expression.Constant(null, property.Type)), outside)
                    : outside;
            case ComparisonOperator.GreaterThan:
                return Expression.GreaterThanOrEqual(property, End());
            case ComparisonOperator.GreaterThanOrEqual:
                return Expression.GreaterThanOrEqual(property, Start());
            case ComparisonOperator.LessThan:
                return Expression.LessThan(property, Start());
            default:
                return Expression.LessThan(property, End());
        }
    }

    private static BinaryExpression Compare(ComparisonOperator op, Expression property, Expression value) => op switch
    {
        ComparisonOperator.Equal => Expression.Equal(property, value),
        ComparisonOperator.NotEqual => Expression.NotEqual(property, value),
        ComparisonOperator.GreaterThan => Expression.GreaterThan(property, value),
        ComparisonOperator.GreaterThanOrEqual => Expression.GreaterThanOrEqual(property, value),
        ComparisonOperator.LessThan => Expression.LessThan(property, value),
        _ => Expression.LessThanOrEqual(property, value),
    };

    private Expression? Report(TextSpan span, string message, string detail)
    {
        _message ??= message;
        _diagnostics.Add(new QueryDiagnostic(span.Start, span.Length, detail));
        return null;
    }

    private static string At(TextSpan span) => QueryMessages.At(span.Start);
}
