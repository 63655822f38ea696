namespace Switchboard.Query.Syntax;

/// <summary>Helpers for <see cref="ComparisonOperator"/>.</summary>
public static class ComparisonOperatorExtensions
{
    /// <summary>The operator as it is written in a query, e.g. <c>!=</c>.</summary>
    /// <param name="op">The operator.</param>
    /// <returns>The operator's text.</returns>
    public static string ToText(this ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.Contains => "~",
        ComparisonOperator.GreaterThan => ">",
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.GreaterThanOrEqual => ">=",
        ComparisonOperator.LessThanOrEqual => "<=",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown comparison operator."),
    };
}
