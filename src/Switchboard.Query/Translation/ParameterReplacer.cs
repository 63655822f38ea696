using System.Linq.Expressions;

namespace Switchboard.Query.Translation;

/// <summary>Rewrites a selector's body onto another target, so all clauses share one lambda parameter.</summary>
internal sealed class ParameterReplacer(ParameterExpression parameter, Expression replacement) : ExpressionVisitor
{
    public static Expression Apply(LambdaExpression selector, Expression target) =>
        new ParameterReplacer(selector.Parameters[0], target).Visit(selector.Body);

    protected override Expression VisitParameter(ParameterExpression node) =>
        node == parameter ? replacement : base.VisitParameter(node);
}
