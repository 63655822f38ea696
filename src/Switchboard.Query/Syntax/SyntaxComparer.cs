namespace Switchboard.Query.Syntax;

/// <summary>Compares syntax trees by shape, property names, operators and values, ignoring positions.</summary>
public sealed class SyntaxComparer : IEqualityComparer<QueryNode>
{
    /// <summary>The single instance.</summary>
    public static SyntaxComparer Instance { get; } = new();

    private SyntaxComparer()
    {
    }

    /// <inheritdoc />
    public bool Equals(QueryNode? x, QueryNode? y) => (x, y) switch
    {
        (null, null) => true,
        (OrNode a, OrNode b) => SameOperands(a.Operands, b.Operands),
        (AndNode a, AndNode b) => SameOperands(a.Operands, b.Operands),
        (ClauseNode a, ClauseNode b) => string.Equals(a.Property, b.Property, StringComparison.Ordinal)
            && a.Operator == b.Operator
            && string.Equals(a.Value, b.Value, StringComparison.Ordinal),
        _ => false,
    };

    /// <inheritdoc />
    public int GetHashCode(QueryNode obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj switch
        {
            OrNode or => Combine(1, or.Operands),
            AndNode and => Combine(2, and.Operands),
            ClauseNode clause => HashCode.Combine(
                StringComparer.Ordinal.GetHashCode(clause.Property),
                clause.Operator,
                StringComparer.Ordinal.GetHashCode(clause.Value)),
            _ => 0,
        };
    }

    private bool SameOperands(IReadOnlyList<QueryNode> a, IReadOnlyList<QueryNode> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (!Equals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private int Combine(int seed, IReadOnlyList<QueryNode> operands)
    {
        var hash = new HashCode();
        hash.Add(seed);
        foreach (var operand in operands)
        {
            hash.Add(GetHashCode(operand));
        }

        return hash.ToHashCode();
    }
}
