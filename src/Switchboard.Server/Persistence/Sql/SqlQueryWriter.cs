using System.Globalization;
using System.Text;
using Switchboard.Query.Binding;
using Switchboard.Query.Syntax;

namespace Switchboard.Server.Persistence.Sql;

/// <summary>
/// Writes bound queries of the query language (<c>Switchboard.Query</c>) as SQL, for lists served by hand-written
/// statements. It writes what EF Core writes for the same filter translated to LINQ (C# null semantics for
/// <c>!=</c>, <c>lower()</c> for <c>~</c>), so both give the same rows; the list tests run every field and operator
/// through both on both providers. A property's column is its entity member's name as <see cref="StorageConventions"/>
/// names columns. Values become parameters <c>@q0</c>, <c>@q1</c>, … in <see cref="Values"/>.
/// </summary>
internal sealed class SqlQueryWriter(SqlDialect dialect)
{
    private readonly StringBuilder _sql = new();
    private readonly List<object?> _values = [];

    public IReadOnlyList<object?> Values => _values;

    public IEnumerable<string> ParameterNames => _values.Select((_, i) => Parameter(i));

    /// <summary>The SQL condition for a bound filter over one entity.</summary>
    public string WriteFilter(BoundNode filter)
    {
        _sql.Clear();
        Write(filter);
        return _sql.ToString();
    }

    /// <summary>The ORDER BY list for sort keys, most significant first.</summary>
    public static string WriteOrder(IEnumerable<BoundSortKey> keys) =>
        string.Join(", ", keys.Select(key => Column(key.Property) + (key.Descending ? " DESC" : "")));

    private void Write(BoundNode node)
    {
        switch (node)
        {
            case BoundAnd and:
                WriteAll(and.Operands, " AND ");
                break;
            case BoundOr or:
                WriteAll(or.Operands, " OR ");
                break;
            case BoundComparison comparison:
                WriteComparison(comparison);
                break;
            default:
                throw new NotSupportedException($"The bound query node {node} has no hand-written SQL form.");
        }
    }

    private void WriteAll(IReadOnlyList<BoundNode> operands, string separator)
    {
        _sql.Append('(');
        for (var i = 0; i < operands.Count; i++)
        {
            _sql.Append(i == 0 ? "" : separator);
            Write(operands[i]);
        }

        _sql.Append(')');
    }

    private void WriteComparison(BoundComparison comparison)
    {
        var column = Column(comparison.Property);
        if (comparison.Value is null)
        {
            _sql.Append(column).Append(comparison.Operator == ComparisonOperator.NotEqual ? " IS NOT NULL" : " IS NULL");
            return;
        }

        var parameter = AddValue(comparison.Value);
        var nullable = comparison.Property.IsNullable;
        _sql.Append(comparison.Operator switch
        {
            // As EF Core writes x != null && x.ToLower().Contains(value).
            ComparisonOperator.Contains when nullable => $"({column} IS NOT NULL AND {dialect.ContainsText($"lower({column})", parameter)})",
            ComparisonOperator.Contains => dialect.ContainsText($"lower({column})", parameter),

            // C# semantics, as EF Core writes them: a null column is "not equal" to any value.
            ComparisonOperator.NotEqual when nullable => $"({column} <> {parameter} OR {column} IS NULL)",
            _ => $"{column} {Operator(comparison.Operator)} {parameter}",
        });
    }

    private static string Operator(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "<>",
        ComparisonOperator.GreaterThan => ">",
        ComparisonOperator.GreaterThanOrEqual => ">=",
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessThanOrEqual => "<=",
        _ => throw new NotSupportedException($"The operator {op} has no SQL form."),
    };

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

    private static string Column(QueryProperty property) => property.Member is { } member
        ? StorageConventions.SnakeCase(member.Name)
        : throw new NotSupportedException($"The query property '{property.Name}' reads no single entity member, so it has no column.");
}
