using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using System.Text;

namespace Switchboard.Server.Persistence.Sql;

/// <summary>
/// Writes the predicates and orderings that the query language (<c>Switchboard.Query</c>) builds as SQL, for lists
/// served by hand-written statements. It reads the same expression trees EF Core would translate and writes what
/// EF Core writes for them (C# null semantics for <c>!=</c>, <c>lower()</c> for <c>~</c>), so both give the same rows;
/// the query tests run every field and operator through it on both providers. Column names follow
/// <see cref="StorageConventions"/>. Values become parameters <c>@q0</c>, <c>@q1</c>, … in <see cref="Values"/>.
/// </summary>
internal sealed class SqlQueryWriter(SqlDialect dialect)
{
    private readonly StringBuilder _sql = new();
    private readonly List<object?> _values = [];

    public IReadOnlyList<object?> Values => _values;

    public IEnumerable<string> ParameterNames => _values.Select((_, i) => Parameter(i));

    /// <summary>The SQL condition for <paramref name="predicate"/> (a <c>Where</c> lambda over one entity).</summary>
    public string WriteFilter(LambdaExpression predicate)
    {
        _sql.Clear();
        Write(predicate.Body);
        return _sql.ToString();
    }

    /// <summary>The ORDER BY list of an ordered query (<c>OrderBy</c>/<c>ThenBy</c> calls on any source).</summary>
    public static string WriteOrder(Expression ordered)
    {
        var keys = new List<string>();
        for (var call = ordered as MethodCallExpression;
             call?.Method.Name is nameof(Queryable.OrderBy) or nameof(Queryable.OrderByDescending) or nameof(Queryable.ThenBy) or nameof(Queryable.ThenByDescending);
             call = call.Arguments[0] as MethodCallExpression)
        {
            var key = (LambdaExpression)StripQuotes(call.Arguments[1]);
            var descending = call.Method.Name.EndsWith("Descending", StringComparison.Ordinal);
            keys.Add(Column(key.Body) + (descending ? " DESC" : ""));
        }

        keys.Reverse();
        return string.Join(", ", keys);
    }

    private void Write(Expression expression)
    {
        switch (expression)
        {
            case BinaryExpression { NodeType: ExpressionType.AndAlso or ExpressionType.OrElse } logical:
                _sql.Append('(');
                Write(logical.Left);
                _sql.Append(logical.NodeType == ExpressionType.AndAlso ? " AND " : " OR ");
                Write(logical.Right);
                _sql.Append(')');
                break;
            case BinaryExpression comparison:
                WriteComparison(comparison);
                break;
            case MethodCallExpression { Method.Name: nameof(string.Contains), Object: MethodCallExpression { Method.Name: nameof(string.ToLower) } lower } contains:
                _sql.Append(dialect.ContainsText($"lower({Column(lower.Object!)})", AddValue(Value(contains.Arguments[0]) ?? throw Unsupported(contains))));
                break;
            default:
                throw Unsupported(expression);
        }
    }

    private void WriteComparison(BinaryExpression comparison)
    {
        var column = Column(comparison.Left);
        var value = Value(comparison.Right);
        var nullable = !comparison.Left.Type.IsValueType || Nullable.GetUnderlyingType(comparison.Left.Type) is not null;
        if (value is null)
        {
            _sql.Append(column).Append(comparison.NodeType switch
            {
                ExpressionType.Equal => " IS NULL",
                ExpressionType.NotEqual => " IS NOT NULL",
                _ => throw Unsupported(comparison),
            });
            return;
        }

        var parameter = AddValue(value);
        var op = comparison.NodeType switch
        {
            ExpressionType.Equal => "=",
            ExpressionType.NotEqual => "<>",
            ExpressionType.GreaterThan => ">",
            ExpressionType.GreaterThanOrEqual => ">=",
            ExpressionType.LessThan => "<",
            ExpressionType.LessThanOrEqual => "<=",
            _ => throw Unsupported(comparison),
        };

        // C# semantics, as EF Core writes them: a null column is "not equal" to any value.
        _sql.Append(comparison.NodeType == ExpressionType.NotEqual && nullable
            ? $"({column} <> {parameter} OR {column} IS NULL)"
            : $"{column} {op} {parameter}");
    }

    private string AddValue(object value)
    {
        _values.Add(value switch
        {
            Guid id => dialect.Id(id),
            DateTime time => dialect.Time(time),
            Enum member => member.ToString(),
            _ => value,
        });
        return Parameter(_values.Count - 1);
    }

    private static string Parameter(int index) => "@q" + index.ToString(CultureInfo.InvariantCulture);

    private static string Column(Expression expression) => StripConvert(expression) is MemberExpression { Expression: ParameterExpression } member
        ? StorageConventions.SnakeCase(member.Member.Name)
        : throw Unsupported(expression);

    /// <summary>A query value: a constant, or (as Switchboard.Query embeds them) a property of a constant holder.</summary>
    private static object? Value(Expression expression) => StripConvert(expression) switch
    {
        ConstantExpression constant => constant.Value,
        MemberExpression { Expression: ConstantExpression holder, Member: PropertyInfo property } => property.GetValue(holder.Value),
        MemberExpression { Expression: ConstantExpression holder, Member: FieldInfo field } => field.GetValue(holder.Value),
        var other => throw Unsupported(other),
    };

    private static Expression StripConvert(Expression expression) =>
        expression is UnaryExpression { NodeType: ExpressionType.Convert } convert ? StripConvert(convert.Operand) : expression;

    private static Expression StripQuotes(Expression expression) =>
        expression is UnaryExpression { NodeType: ExpressionType.Quote } quote ? quote.Operand : expression;

    private static NotSupportedException Unsupported(Expression expression) =>
        new($"The query expression '{expression}' ({expression.NodeType}) has no hand-written SQL form.");
}
