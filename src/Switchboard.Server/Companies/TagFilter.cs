using System.Linq.Expressions;
using Switchboard.Query;
using Switchboard.Query.Syntax;
using Switchboard.Server.Errors;

namespace Switchboard.Server.Companies;

/// <summary>
/// The list-companies <c>tags</c> filter (<c>region=uk &amp;&amp; team=invoice-finance</c>): the query language's
/// syntax, where each property is a tag name and only <c>=</c> and <c>!=</c> apply. Runs in the database.
/// </summary>
internal static class TagFilter
{
    public static Expression<Func<CompanyEntity, bool>>? Parse(string? tags)
    {
        if (string.IsNullOrWhiteSpace(tags))
        {
            return null;
        }

        if (tags.Length > QueryLimits.MaxLength)
        {
            throw ApiException.InvalidField("tags", $"Error parsing tags - the filter is {tags.Length} characters long; at most {QueryLimits.MaxLength} are allowed.");
        }

        var parsed = QueryParser.Parse(tags);
        if (!parsed.Succeeded || parsed.Root is null)
        {
            throw ApiException.BadRequest(
                "Error parsing tags - Malformed tags filter.",
                [.. (parsed.Error?.Diagnostics ?? []).Select(d => new ErrorValidationItem("tags", d.Message, "QueryLanguage"))]);
        }

        var company = Expression.Parameter(typeof(CompanyEntity), "c");
        return Expression.Lambda<Func<CompanyEntity, bool>>(Translate(parsed.Root, company), company);
    }

    private static Expression Translate(QueryNode node, ParameterExpression company) => node switch
    {
        AndNode and => and.Operands.Select(o => Translate(o, company)).Aggregate(Expression.AndAlso),
        OrNode or => or.Operands.Select(o => Translate(o, company)).Aggregate(Expression.OrElse),
        ClauseNode clause => Clause(clause, company),
        _ => throw new InvalidOperationException($"Unexpected syntax node {node.GetType().Name}."),
    };

    private static Expression Clause(ClauseNode clause, ParameterExpression company)
    {
        if (clause.Operator is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual))
        {
            throw ApiException.InvalidField("tags", $"Error parsing tags - tag '{clause.Property}' can only be compared with = or !=.");
        }

        // A closure, so EF Core sends the key and value as parameters.
        var wanted = new TagMatch(clause.Property, clause.Value);
        Expression<Func<CompanyEntity, bool>> has = c => c.Tags.Any(t => t.Key == wanted.Key && t.Value == wanted.Value);
        var body = new ParameterSwap(has.Parameters[0], company).Visit(has.Body);
        return clause.Operator == ComparisonOperator.Equal ? body : Expression.Not(body);
    }

    private sealed record TagMatch(string Key, string Value);

    private sealed class ParameterSwap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
