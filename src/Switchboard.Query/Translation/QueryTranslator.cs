using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Switchboard.Query.Binding;
using Switchboard.Query.Syntax;

namespace Switchboard.Query.Translation;

/// <summary>Turns a bound filter into a predicate over a schema's entity type, for EF Core or LINQ to objects.</summary>
internal sealed class QueryTranslator
{
    private static readonly MethodInfo ToLower = typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!;
    private static readonly MethodInfo Contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;

    private int _parameterCount;

    public static Expression<Func<T, bool>> Translate<T>(BoundNode filter)
    {
        var parameter = Expression.Parameter(typeof(T), "x");
        return Expression.Lambda<Func<T, bool>>(new QueryTranslator().TranslateNode(filter, parameter), parameter);
    }

    private Expression TranslateNode(BoundNode node, Expression target) => node switch
    {
        BoundOr or => Combine(or.Operands, target, Expression.OrElse),
        BoundAnd and => Combine(and.Operands, target, Expression.AndAlso),
        BoundComparison comparison => Compare(comparison, ParameterReplacer.Apply(comparison.Property.Selector, target)),
        BoundAny any => AnyItem(any, target),
        _ => throw new ArgumentException($"Unknown bound node {node.GetType().Name}.", nameof(node)),
    };

    private Expression Combine(IReadOnlyList<BoundNode> operands, Expression target, Func<Expression, Expression, BinaryExpression> combine) =>
        Balance([.. operands.Select(operand => TranslateNode(operand, target))], 0, operands.Count, combine);

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

    private MethodCallExpression AnyItem(BoundAny any, Expression target)
    {
        var item = Expression.Parameter(any.Collection.ItemType, "x" + (++_parameterCount).ToString(CultureInfo.InvariantCulture));
        var predicate = TranslateNode(any.Condition, item);
        return Expression.Call(
            typeof(Enumerable),
            nameof(Enumerable.Any),
            [any.Collection.ItemType],
            ParameterReplacer.Apply(any.Collection.Selector, target),
            Expression.Lambda(predicate, item));
    }

    private static Expression Compare(BoundComparison comparison, Expression property)
    {
        if (comparison.Value is null)
        {
            var none = Expression.Constant(null, property.Type);
            return comparison.Operator == ComparisonOperator.NotEqual ? Expression.NotEqual(property, none) : Expression.Equal(property, none);
        }

        var value = comparison.Property.Embed(comparison.Value);
        return comparison.Operator switch
        {
            // ToLower + Contains translates on SQLite, PostgreSQL and LINQ to objects alike.
            ComparisonOperator.Contains => Expression.AndAlso(
                Expression.NotEqual(property, Expression.Constant(null, property.Type)),
                Expression.Call(Expression.Call(property, ToLower), Contains, value)),
            ComparisonOperator.Equal => Expression.Equal(property, value),
            ComparisonOperator.NotEqual => Expression.NotEqual(property, value),
            ComparisonOperator.GreaterThan => Expression.GreaterThan(property, value),
            ComparisonOperator.GreaterThanOrEqual => Expression.GreaterThanOrEqual(property, value),
            ComparisonOperator.LessThan => Expression.LessThan(property, value),
            _ => Expression.LessThanOrEqual(property, value),
        };
    }
}
