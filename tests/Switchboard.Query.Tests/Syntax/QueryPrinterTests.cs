using Switchboard.Query.Syntax;

namespace Switchboard.Query.Tests.Syntax;

public sealed class QueryPrinterTests
{
    [Theory]
    [InlineData("a=1", "a=1")]
    [InlineData("  a  !=  x y  ", "a!=x y")]
    [InlineData("a=1||b=2&&c=3", "a=1 || b=2 && c=3")]
    [InlineData("{a=1||b=2}&&c=3", "{a=1 || b=2} && c=3")]
    [InlineData("{{a=1}} || {b=2 || c=3}", "a=1 || b=2 || c=3")]
    [InlineData("a.b~x && {c>=1 || d<=2} && e<3", "a.b~x && {c>=1 || d<=2} && e<3")]
    [InlineData("a> =5", "a> =5")]
    [InlineData("a< =5", "a< =5")]
    public void Print_ParsedQuery_GivesCanonicalText(string query, string expected)
    {
        var printed = QueryPrinter.Print(QueryParser.Parse(query).Root!);

        Assert.Equal(expected, printed);
    }

    [Fact]
    public void Print_GreaterThanWithValueStartingWithEquals_KeepsOperatorApart()
    {
        var tree = new ClauseNode("a", ComparisonOperator.GreaterThan, "=5");

        var reparsed = QueryParser.Parse(QueryPrinter.Print(tree)).Root;

        Assert.Equal(tree, reparsed, SyntaxComparer.Instance);
    }
}
