using Switchboard.Query.Syntax;

namespace Switchboard.Query.Tests.Syntax;

public sealed class QueryParserTests
{
    private static ClauseNode Clause(string property, ComparisonOperator op, string value) => new(property, op, value);

    private static readonly ClauseNode A = Clause("a", ComparisonOperator.Equal, "1");
    private static readonly ClauseNode B = Clause("b", ComparisonOperator.Equal, "2");
    private static readonly ClauseNode C = Clause("c", ComparisonOperator.Equal, "3");

    [Fact]
    public void Parse_SingleClause_GivesClauseWithPositions()
    {
        var clause = Assert.IsType<ClauseNode>(QueryParser.Parse("  status != Linked ").Root);

        Assert.Equal(("status", ComparisonOperator.NotEqual, "Linked"), (clause.Property, clause.Operator, clause.Value));
        Assert.Equal(new TextSpan(2, 6), clause.PropertySpan);
        Assert.Equal(new TextSpan(9, 2), clause.OperatorSpan);
        Assert.Equal(new TextSpan(12, 6), clause.ValueSpan);
        Assert.Equal(new TextSpan(2, 16), clause.Span);
    }

    [Fact]
    public void Parse_AndBindsTighterThanOr_GroupsAndOperands()
    {
        var root = QueryParser.Parse("a=1 || b=2 && c=3").Root;

        Assert.Equal(new OrNode([A, new AndNode([B, C])]), root, SyntaxComparer.Instance);
    }

    [Fact]
    public void Parse_Braces_OverridePrecedence()
    {
        var root = QueryParser.Parse("{a=1 || b=2} && c=3").Root;

        Assert.Equal(new AndNode([new OrNode([A, B]), C]), root, SyntaxComparer.Instance);
    }

    [Fact]
    public void Parse_ChainsAndRedundantBraces_AreFlattened()
    {
        var root = QueryParser.Parse("{a=1 || {b=2}} || {{c=3}}").Root;

        Assert.Equal(new OrNode([A, B, C]), root, SyntaxComparer.Instance);
    }

    [Fact]
    public void Parse_NestedGroups_KeepStructure()
    {
        var root = QueryParser.Parse("{a=1 && {b=2 || {c=3 && a=1}}}").Root;

        Assert.Equal(new AndNode([A, new OrNode([B, new AndNode([C, A])])]), root, SyntaxComparer.Instance);
    }

    [Fact]
    public void Parse_ValueWithSpaces_KeepsInnerSpaces()
    {
        var clause = Assert.IsType<ClauseNode>(QueryParser.Parse("platformName=  Sage 50 (UK)  ").Root);

        Assert.Equal("Sage 50 (UK)", clause.Value);
    }

    [Theory]
    [InlineData("name=A & B", "A & B")]
    [InlineData("name=a|b", "a|b")]
    [InlineData("name=x{y", "x{y")]
    [InlineData("name=2024-01-01T10:00:00+01:00", "2024-01-01T10:00:00+01:00")]
    [InlineData("name=O'Brien, \"Jr.\" #1 @ 50% ; ok?", "O'Brien, \"Jr.\" #1 @ 50% ; ok?")]
    [InlineData("name==", "=")]
    public void Parse_ValueWithPunctuation_KeepsItVerbatim(string text, string expected)
    {
        var clause = Assert.IsType<ClauseNode>(QueryParser.Parse(text).Root);

        Assert.Equal(expected, clause.Value);
    }

    [Fact]
    public void Parse_NestedProperty_JoinsSegmentsWithDots()
    {
        var clause = Assert.IsType<ClauseNode>(QueryParser.Parse("dataConnections . status=Linked").Root);

        Assert.Equal("dataConnections.status", clause.Property);
        Assert.Equal(["dataConnections", "status"], clause.PropertySegments);
        Assert.Equal(new TextSpan(0, 24), clause.PropertySpan);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t\n ")]
    public void Parse_NullOrBlank_SucceedsWithNoTree(string? text)
    {
        var result = QueryParser.Parse(text);

        Assert.True(result.Succeeded);
        Assert.Null(result.Root);
    }

    [Fact]
    public void Parse_MaximumLength_IsAccepted()
    {
        var text = "name=" + new string('x', QueryLimits.MaxLength - 5);

        Assert.True(QueryParser.Parse(text).Succeeded);
    }

    [Fact]
    public void Parse_MaximumNesting_IsAccepted()
    {
        var depth = QueryLimits.MaxNestingDepth;
        var text = new string('{', depth) + "a=1" + new string('}', depth);

        Assert.Equal(A, QueryParser.Parse(text).Root, SyntaxComparer.Instance);
    }
}
