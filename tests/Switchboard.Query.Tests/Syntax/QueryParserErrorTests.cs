using Switchboard.Query.Syntax;

namespace Switchboard.Query.Tests.Syntax;

/// <summary>Every syntax problem is "Malformed query." with a diagnostic saying what and where.</summary>
public sealed class QueryParserErrorTests
{
    public static TheoryData<string, int, int, string> MalformedQueries { get; } = new()
    {
        { "status", 6, 0, "Expected an operator after 'status' at position 6 but found the end of the query." },
        { "status Linked", 7, 6, "Expected an operator after 'status' at position 7 but found 'Linked'." },
        { "status!Linked", 6, 1, "Expected an operator after 'status' at position 6 but found '!'." },
        { "sta-tus=1", 3, 1, "Expected an operator after 'sta' at position 3 but found '-'." },
        { "status=", 7, 0, "Expected a value after '=' at position 7 but found the end of the query." },
        { "status=   && a=1", 10, 0, "Expected a value after '=' at position 10 but found '&&'." },
        { "{status~}", 8, 0, "Expected a value after '~' at position 8 but found '}'." },
        { "=Linked", 0, 1, "Expected a property name or '{' at position 0 but found '='." },
        { "&status=Linked", 0, 1, "Expected a property name or '{' at position 0 but found '&'." },
        { "status=Linked &&", 16, 0, "Expected a property name or '{' at position 16 but found the end of the query." },
        { "status=Linked || || a=1", 17, 2, "Expected a property name or '{' at position 17 but found '||'." },
        { "status=Linked || {", 18, 0, "Expected a property name or '{' at position 18 but found the end of the query." },
        { "{}", 1, 1, "Expected a property name or '{' at position 1 but found '}'." },
        { "}", 0, 1, "Expected a property name or '{' at position 0 but found '}'." },
        { "{status=Linked", 14, 0, "Expected '}' at position 14 to close the '{' at position 0 but found the end of the query." },
        { "{{a=1} && b=2", 13, 0, "Expected '}' at position 13 to close the '{' at position 0 but found the end of the query." },
        { "status=Linked}", 13, 1, "Unexpected '}' at position 13: there is no '{' to close." },
        { "{a=1}}", 5, 1, "Unexpected '}' at position 5: there is no '{' to close." },
        { "status.=Linked", 7, 1, "Expected a property name after '.' at position 7 but found '='." },
        { "status.", 7, 0, "Expected a property name after '.' at position 7 but found the end of the query." },
        { "a..b=1", 2, 1, "Expected a property name after '.' at position 2 but found '.'." },
        { "{a=1} b=2", 6, 1, "Unexpected 'b' at position 6." },
    };

    [Theory]
    [MemberData(nameof(MalformedQueries))]
    public void Parse_MalformedQuery_ReportsPositionAndReason(string query, int position, int length, string message)
    {
        var result = QueryParser.Parse(query);

        Assert.False(result.Succeeded);
        Assert.Null(result.Root);
        Assert.Equal("Error parsing query - Malformed query.", result.Error!.Message);
        Assert.Equal([new QueryDiagnostic(position, length, message)], result.Error.Diagnostics);
    }

    [Fact]
    public void Parse_TooDeeplyNested_ReportsTheBraceThatGoesTooDeep()
    {
        var depth = QueryLimits.MaxNestingDepth + 1;
        var text = new string('{', depth) + "a=1" + new string('}', depth);

        var result = QueryParser.Parse(text);

        Assert.Equal("Error parsing query - Malformed query.", result.Error!.Message);
        Assert.Equal(
            [new QueryDiagnostic(32, 1, "Braces are nested more than 32 levels deep at position 32.")],
            result.Error.Diagnostics);
    }

    [Fact]
    public void Parse_TooLong_ReportsMaximumLength()
    {
        var text = "name=" + new string('x', QueryLimits.MaxLength - 4);

        var result = QueryParser.Parse(text);

        Assert.Equal("Error parsing query - Query exceeds the maximum length of 2048 characters.", result.Error!.Message);
        Assert.Equal(
            [new QueryDiagnostic(2048, 1, "The query is 2049 characters long; the maximum is 2048.")],
            result.Error.Diagnostics);
    }

    [Fact]
    public void Parse_TooLongWhitespace_IsStillTooLong()
    {
        var result = QueryParser.Parse(new string(' ', QueryLimits.MaxLength + 1));

        Assert.False(result.Succeeded);
    }
}
