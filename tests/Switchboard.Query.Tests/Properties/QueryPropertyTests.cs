using CsCheck;
using Microsoft.EntityFrameworkCore;
using Switchboard.Query.Syntax;
using Switchboard.Query.Tests.Model;

namespace Switchboard.Query.Tests.Properties;

/// <summary>Properties that hold for every input, checked on many random ones.</summary>
public sealed class QueryPropertyTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    private const long Iterations = 100_000;

    [Fact]
    public void PrintThenParse_AnyTree_GivesBackTheSameTree()
    {
        Generators.Tree(Generators.AnyClause, depth: 4).Sample(
            tree =>
            {
                var text = QueryPrinter.Print(tree);
                var result = QueryParser.Parse(text);
                if (text.Length > QueryLimits.MaxLength)
                {
                    Assert.Equal("Error parsing query - Query exceeds the maximum length of 2048 characters.", result.Error?.Message);
                    return;
                }

                Assert.True(result.Succeeded, result.Error?.Diagnostics[0].Message);
                Assert.Equal(tree, result.Root, SyntaxComparer.Instance);
                foreach (var clause in Clauses(result.Root!))
                {
                    Assert.Equal(clause.Value, Slice(text, clause.ValueSpan));
                    Assert.Equal(clause.Property, Slice(text, clause.PropertySpan));
                    Assert.Equal(clause.Operator.ToText(), Slice(text, clause.OperatorSpan));
                }
            },
            iter: 20_000,
            print: QueryPrinter.Print);
    }

    [Fact]
    public void Parse_RandomText_GivesTreeOrErrorNeverAnException()
    {
        Generators.Text.Sample(text => AssertTreeOrError(text, QueryParser.Parse(text)), iter: Iterations);
    }

    [Fact]
    public void Parse_RandomTokens_GivesTreeOrErrorAndPrintsStably()
    {
        Generators.Tokens.Sample(
            text =>
            {
                var result = QueryParser.Parse(text);
                AssertTreeOrError(text, result);
                if (result.Root is not null)
                {
                    var printed = QueryPrinter.Print(result.Root);
                    Assert.Equal(result.Root, QueryParser.Parse(printed).Root, SyntaxComparer.Instance);
                }
            },
            iter: Iterations);
    }

    [Fact]
    public void ParseFilter_RandomTextOrTokens_GivesFilterOrErrorNeverAnException()
    {
        Gen.OneOf(Generators.Text, Generators.Tokens).Sample(
            text =>
            {
                var result = TestSchemas.Company.ParseFilter(text);
                Assert.Equal(result.Succeeded, result.Error is null);
                if (!result.Succeeded)
                {
                    AssertError(text, result.Error!);
                }
            },
            iter: Iterations);
    }

    [Fact]
    public void ParseFilter_RandomQueriesOnEveryType_TranslateAndRunInMemory()
    {
        var rows = AllTypesData.Rows();
        var clauseOrTree = Gen.Frequency(
            (2, Generators.AllTypesClause.Select(clause => (QueryNode)clause)),
            (1, Generators.Tree(Generators.AllTypesClause, depth: 2)));
        clauseOrTree.Select(QueryPrinter.Print).Sample(
            text =>
            {
                var result = TestSchemas.AllTypes.ParseFilter(text);
                if (!result.Succeeded)
                {
                    AssertError(text, result.Error!);
                    return;
                }

                // Running the predicate must not throw either (e.g. on null strings or dates at the edges).
                _ = rows.AsQueryable().Where(result.Value!).Count();
            },
            iter: 10_000);
    }

    [Fact]
    public void Filter_RandomValidQueries_SelectTheSameRowsInSqliteAndInMemory()
    {
        var companies = SeedData.Companies();
        Generators.Tree(Generators.CompanyClause, depth: 3).Sample(
            tree =>
            {
                var text = QueryPrinter.Print(tree);
                var filter = TestSchemas.Company.ParseFilter(text);
                Assert.True(filter.Succeeded, filter.Error?.Message);

                using var db = database.CreateContext();
                var inDatabase = db.Companies.Where(filter.Value!).Select(c => c.Id).AsEnumerable().Order();
                var inMemory = companies.AsQueryable().Where(filter.Value!).Select(c => c.Id).Order();

                Assert.Equal(inMemory, inDatabase);
            },
            iter: 300,
            print: QueryPrinter.Print);
    }

    private static void AssertTreeOrError(string text, ParseResult result)
    {
        Assert.Equal(result.Succeeded, result.Error is null);
        if (result.Succeeded)
        {
            Assert.Equal(string.IsNullOrWhiteSpace(text), result.Root is null);
        }
        else
        {
            Assert.Null(result.Root);
            AssertError(text, result.Error!);
        }
    }

    private static void AssertError(string text, QueryError error)
    {
        Assert.StartsWith("Error parsing query - ", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(error.Diagnostics);
        foreach (var diagnostic in error.Diagnostics)
        {
            Assert.InRange(diagnostic.Position, 0, text.Length);
            Assert.InRange(diagnostic.Length, 0, text.Length - diagnostic.Position);
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
        }
    }

    private static IEnumerable<ClauseNode> Clauses(QueryNode node) => node switch
    {
        ClauseNode clause => [clause],
        OrNode or => or.Operands.SelectMany(Clauses),
        AndNode and => and.Operands.SelectMany(Clauses),
        _ => [],
    };

    private static string Slice(string text, TextSpan span) => text.Substring(span.Start, span.Length);
}
