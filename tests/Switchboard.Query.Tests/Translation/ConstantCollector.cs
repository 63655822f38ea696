using System.Linq.Expressions;

namespace Switchboard.Query.Tests.Translation;

/// <summary>Collects the constants of an expression and the member reads on them (the embedded values).</summary>
internal sealed class ConstantCollector : ExpressionVisitor
{
    public List<ConstantExpression> Constants { get; } = [];

    public List<MemberExpression> HolderReads { get; } = [];

    protected override Expression VisitConstant(ConstantExpression node)
    {
        Constants.Add(node);
        return base.VisitConstant(node);
    }

    protected override Expression VisitMember(MemberExpression node)
    {
        if (node.Expression is ConstantExpression)
        {
            HolderReads.Add(node);
        }

        return base.VisitMember(node);
    }
}
