using Switchboard.Query.Syntax;

namespace Switchboard.Query.Tests.Syntax;

public sealed class QueryLexerTests
{
    [Fact]
    public void Tokenize_Clause_GivesKindsTextAndPositions()
    {
        var tokens = QueryLexer.Tokenize("a.b >= 5 && {c~x y}");

        Assert.Equal(
            [
                (TokenKind.Identifier, "a", 0),
                (TokenKind.Dot, ".", 1),
                (TokenKind.Identifier, "b", 2),
                (TokenKind.Operator, ">=", 4),
                (TokenKind.Value, "5", 7),
                (TokenKind.And, "&&", 9),
                (TokenKind.OpenBrace, "{", 12),
                (TokenKind.Identifier, "c", 13),
                (TokenKind.Operator, "~", 14),
                (TokenKind.Value, "x y", 15),
                (TokenKind.CloseBrace, "}", 18),
                (TokenKind.End, "", 19),
            ],
            tokens.Select(t => (t.Kind, t.Text, t.Span.Start)));
    }

    [Theory]
    [InlineData("a=b", ComparisonOperator.Equal)]
    [InlineData("a!=b", ComparisonOperator.NotEqual)]
    [InlineData("a~b", ComparisonOperator.Contains)]
    [InlineData("a>b", ComparisonOperator.GreaterThan)]
    [InlineData("a<b", ComparisonOperator.LessThan)]
    [InlineData("a>=b", ComparisonOperator.GreaterThanOrEqual)]
    [InlineData("a<=b", ComparisonOperator.LessThanOrEqual)]
    public void Tokenize_Operator_RecognisesEachOperator(string text, ComparisonOperator expected)
    {
        var op = QueryLexer.Tokenize(text)[1];

        Assert.Equal((TokenKind.Operator, expected), (op.Kind, op.Operator));
    }

    [Theory]
    [InlineData("a=x & y|z", "x & y|z")]
    [InlineData("a=  spaced out  ", "spaced out")]
    [InlineData("a==b", "=b")]
    [InlineData("a=b{c", "b{c")]
    [InlineData("a=!=", "!=")]
    public void Tokenize_Value_RunsToTerminatorAndIsTrimmed(string text, string expected)
    {
        var value = QueryLexer.Tokenize(text)[2];

        Assert.Equal((TokenKind.Value, expected), (value.Kind, value.Text));
    }

    [Fact]
    public void Tokenize_EmptyValue_GivesEmptyValueTokenBeforeTerminator()
    {
        var tokens = QueryLexer.Tokenize("a=  && b=1");

        Assert.Equal((TokenKind.Value, "", 4, 0), (tokens[2].Kind, tokens[2].Text, tokens[2].Span.Start, tokens[2].Span.Length));
        Assert.Equal(TokenKind.And, tokens[3].Kind);
    }

    [Theory]
    [InlineData("&")]
    [InlineData("|")]
    [InlineData("!")]
    [InlineData("-")]
    [InlineData("é")]
    public void Tokenize_StrayCharacter_GivesInvalidToken(string text)
    {
        var token = QueryLexer.Tokenize(text)[0];

        Assert.Equal((TokenKind.Invalid, text), (token.Kind, token.Text));
    }
}
