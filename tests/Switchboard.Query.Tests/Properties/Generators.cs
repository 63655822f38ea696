using CsCheck;
using Switchboard.Query.Syntax;
using Switchboard.Query.Tests.Model;

namespace Switchboard.Query.Tests.Properties;

/// <summary>Generators of query text and syntax trees.</summary>
public static class Generators
{
    /// <summary>Every character class the language uses, plus punctuation it does not.</summary>
    public const string Alphabet =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \t=!~<>{}&|.-:,;()'\"_+/@#%*?\u00a0é\u0130\ud83d\ude00\0";

    // No '}': a value ends at the first '}'.
    private const string ValueAlphabet = "abcXYZ019 -:.,;()&|{!=<>~'\"#@%+/_é\u0130\u00a0";

    private static readonly ComparisonOperator[] Equality = [ComparisonOperator.Equal, ComparisonOperator.NotEqual];

    private static readonly ComparisonOperator[] Strings = [.. Equality, ComparisonOperator.Contains];

    private static readonly ComparisonOperator[] Ordered =
    [
        .. Equality, ComparisonOperator.GreaterThan, ComparisonOperator.LessThan,
        ComparisonOperator.GreaterThanOrEqual, ComparisonOperator.LessThanOrEqual,
    ];

    /// <summary>Random text: mostly short, sometimes up to the maximum length.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
            (3, Gen.Char[Alphabet].Array[0, 40]),
            (1, Gen.Char[Alphabet].Array[0, QueryLimits.MaxLength]))
        .Select(chars => new string(chars));

    private static readonly string[] Fragments =
    [
        "status", "name", "created", "dataConnections", "sourceType", "platformName", "lastSync", "id",
        "employees", "revenue", "isSandbox", "score", "description", "Status", "foo",
        ".", "=", "!=", "~", ">", "<", ">=", "<=", " && ", " || ", "&&", "||", "{", "}", " ", " ",
        "Linked", "linked", "1", "2024-01-15", "2024-01-15T10:00:00Z", "2024-01-15T10:00:00+01:00", "12", "-3.5",
        "1e3", "true", "x y", "&", "|", "!", "-", ":", "(", ")", "00000000-0000-0000-0000-000000000003",
        "Sage 50 (UK)", "9999-12-31", "0001-01-01",
    ];

    private static readonly string[] AllTypesProperties =
    [
        "text", "optionalText", "guid", "optionalGuid", "flag", "optionalFlag", "status", "optionalStatus",
        "byte", "short", "int", "optionalInt", "uint", "long", "ulong", "float", "double", "decimal",
        "optionalDecimal", "date", "optionalDate", "offset", "optionalOffset", "items", "items.status", "items.created",
        "items.lastSync", "items.platformName", "OPTIONALTEXT", "unknown",
    ];

    private static readonly string[] AllTypesValues =
    [
        "0", "-1", "255", "256", "65536", "4294967296", "18446744073709551616", "-9223372036854775809", "1.5", "-0.01",
        "1e308", "1e309", "-1e-320", "79228162514264337593543950336", "NaN", "Infinity", "true", "FALSE", "Linked",
        "Deauthorized", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "2024-05-01", "2024-05-01T10:00:00Z", "9999-12-31",
        "9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59-01:00", "0001-01-01", "0001-01-01T00:00:00+01:00",
        "0001-01-01T00:00:00-01:00", "x", "Gamma ray", "ALPHA", "& ;",
    ];

    /// <summary>Random sequences of the language's tokens and the test schemas' names: many parse.</summary>
    public static readonly Gen<string> Tokens = Gen.OneOfConst(Fragments).Array[0, 30].Select(string.Concat);

    /// <summary>Clauses on <see cref="TestSchemas.AllTypes"/> with any operator and values of every type and edge.</summary>
    public static readonly Gen<ClauseNode> AllTypesClause = Gen.Select(
        Gen.OneOfConst(AllTypesProperties),
        Gen.Enum<ComparisonOperator>(),
        Gen.OneOfConst(AllTypesValues),
        (property, op, value) => new ClauseNode(property, op, value));

    private static readonly Gen<string> Segment =
        Gen.Char["abcdefghijklmnopqrstuvwxyzABCXYZ0123456789_"].Array[1, 8].Select(chars => new string(chars));

    private static readonly Gen<string> Value = Gen.Char[ValueAlphabet].Array[1, 16].Select(chars => Sanitize(new string(chars)));

    /// <summary>Any clause the parser can produce.</summary>
    public static readonly Gen<ClauseNode> AnyClause = Gen.Select(
        Segment.Array[1, 3].Select(segments => string.Join('.', segments)),
        Gen.Enum<ComparisonOperator>(),
        Value,
        (property, op, value) => new ClauseNode(property, op, value));

    /// <summary>Valid clauses on <see cref="TestSchemas.Company"/>, with values near the seeded data.</summary>
    public static readonly Gen<ClauseNode> CompanyClause = Gen.OneOf(
        Clause("name", Strings, "Acme Ltd", "acme", "Ltd", "a", "(UK)", "delta", "zzz"),
        Clause("description", Strings, "Widgets & gadgets", "gadgets", "books", "x"),
        Clause("created", Ordered, "2024-01-15", "2024-01-10T09:00:00Z", "2024-02-29", "2025-01-01T00:00:00+01:00", "2023-01-01"),
        Clause("employees", Ordered, "0", "5", "50", "1200", "-1"),
        Clause("revenue", Ordered, "0", "99.99", "-10", "1250000.5", "100"),
        Clause("isSandbox", Equality, "true", "false", "TRUE"),
        Clause("score", Ordered, "4.5", "3.25", "5", "0"),
        Clause("id", Equality, [.. Enumerable.Range(1, 5).Select(n => SeedData.CompanyId(n).ToString())]),
        Clause("dataConnections.status", Equality, Enum.GetNames<ConnectionStatus>()),
        Clause("dataConnections.sourceType", Equality, Enum.GetNames<SourceType>()),
        Clause("dataConnections.platformName", Strings, "Sage 50 (UK)", "sage", "Plaid", "& Co."),
        Clause("dataConnections.created", Ordered, "2024-01-15", "2024-01-16T00:00:00Z", "2023-12-31", "2025-02-28"),
        Clause("dataConnections.lastSync", Ordered, "2024-02-01", "2024-02-01T08:30:00Z", "2025-01-01"));

    /// <summary>
    /// Trees in the parser's normal form (no || directly under ||, no &amp;&amp; directly under
    /// &amp;&amp;), at most <paramref name="depth"/> levels of operators.
    /// </summary>
    public static Gen<QueryNode> Tree(Gen<ClauseNode> clause, int depth)
    {
        var leaf = clause.Select(node => (QueryNode)node);
        return Gen.Frequency((1, leaf), (2, Or(leaf, depth)), (2, And(leaf, depth)));
    }

    private static Gen<QueryNode> Or(Gen<QueryNode> leaf, int depth)
    {
        var operand = depth <= 1 ? leaf : Gen.Frequency((2, leaf), (1, And(leaf, depth - 1)));
        return operand.Array[2, 3].Select(operands => (QueryNode)new OrNode(operands));
    }

    private static Gen<QueryNode> And(Gen<QueryNode> leaf, int depth)
    {
        var operand = depth <= 1 ? leaf : Gen.Frequency((2, leaf), (1, Or(leaf, depth - 1)));
        return operand.Array[2, 3].Select(operands => (QueryNode)new AndNode(operands));
    }

    private static Gen<ClauseNode> Clause(string property, ComparisonOperator[] operators, params string[] values) =>
        Gen.Select(Gen.OneOfConst(operators), Gen.OneOfConst(values), (op, value) => new ClauseNode(property, op, value));

    // Values are trimmed and end at "&&", "||" or "}", so a generated value must avoid them.
    private static string Sanitize(string value)
    {
        while (value.Contains("&&", StringComparison.Ordinal) || value.Contains("||", StringComparison.Ordinal))
        {
            value = value.Replace("&&", "&", StringComparison.Ordinal).Replace("||", "|", StringComparison.Ordinal);
        }

        value = value.Trim();
        return value.Length == 0 ? "v" : value;
    }
}
