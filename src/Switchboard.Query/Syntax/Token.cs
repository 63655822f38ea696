namespace Switchboard.Query.Syntax;

/// <summary>One token of a query, with where it came from.</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Text">The token's text (for a value, trimmed; for the end, empty).</param>
/// <param name="Span">Where the text is in the query.</param>
/// <param name="Operator">The comparison operator, when <paramref name="Kind"/> is <see cref="TokenKind.Operator"/>.</param>
public sealed record Token(TokenKind Kind, string Text, TextSpan Span, ComparisonOperator Operator = default)
{
    /// <summary>How error messages refer to the token: its quoted text, or "the end of the query".</summary>
    public string Describe() => Kind == TokenKind.End ? "the end of the query" : $"'{Text}'";
}
