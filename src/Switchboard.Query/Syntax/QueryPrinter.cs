using System.Text;

namespace Switchboard.Query.Syntax;

/// <summary>
/// Prints a syntax tree as canonical query text: <c>a=1 &amp;&amp; {b=2 || c=3}</c>. Parsing the
/// printed text gives back the same tree (by <see cref="SyntaxComparer"/>) for any tree the parser
/// can produce.
/// </summary>
public static class QueryPrinter
{
    /// <summary>Prints <paramref name="node"/> as canonical query text.</summary>
    /// <param name="node">The tree.</param>
    /// <returns>The text.</returns>
    public static string Print(QueryNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var builder = new StringBuilder();
        Write(builder, node, insideAnd: false);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, QueryNode node, bool insideAnd)
    {
        switch (node)
        {
            case OrNode or:
                if (insideAnd)
                {
                    builder.Append('{');
                }

                WriteOperands(builder, or.Operands, " || ", insideAnd: false);
                if (insideAnd)
                {
                    builder.Append('}');
                }

                break;
            case AndNode and:
                WriteOperands(builder, and.Operands, " && ", insideAnd: true);
                break;
            case ClauseNode clause:
                builder.Append(clause.Property).Append(clause.Operator.ToText());

                // "a > =5" must not be printed as "a>=5", which is a different operator.
                if (clause.Operator is ComparisonOperator.GreaterThan or ComparisonOperator.LessThan
                    && clause.Value.StartsWith('='))
                {
                    builder.Append(' ');
                }

                builder.Append(clause.Value);
                break;
            default:
                throw new ArgumentException($"Unknown node type {node.GetType().Name}.", nameof(node));
        }
    }

    private static void WriteOperands(StringBuilder builder, IReadOnlyList<QueryNode> operands, string separator, bool insideAnd)
    {
        for (var i = 0; i < operands.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(separator);
            }

            Write(builder, operands[i], insideAnd);
        }
    }
}
