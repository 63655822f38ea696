using Switchboard.Query.Binding;
using Switchboard.Query.Syntax;
using Switchboard.Query.Tests.Model;
using Switchboard.Query.Tests.Translation;

namespace Switchboard.Query.Tests.Binding;

/// <summary>A query bound to a schema: resolved properties, typed values, operators, and the same errors as ever.</summary>
public sealed class BindFilterTests
{
    public static TheoryData<string, object> TypedValues { get; } = new()
    {
        { "text=Alpha", "Alpha" },
        { "guid=3fa85f64-5717-4562-b3fc-2c963f66afa6", Guid.Parse("3fa85f64-5717-4562-b3fc-2c963f66afa6") },
        { "optionalGuid=3fa85f64-5717-4562-b3fc-2c963f66afa6", Guid.Parse("3fa85f64-5717-4562-b3fc-2c963f66afa6") },
        { "flag=TRUE", true },
        { "optionalFlag=false", false },
        { "status=linked", ConnectionStatus.Linked },
        { "optionalStatus=Unlinked", ConnectionStatus.Unlinked },
        { "byte=255", (byte)255 },
        { "short=-3", (short)-3 },
        { "int=-7", -7 },
        { "optionalInt=8", 8 },
        { "uint=4000000000", 4_000_000_000u },
        { "long=4294967296", 4_294_967_296L },
        { "ulong=18446744073709551615", ulong.MaxValue },
        { "float=1.5", 1.5f },
        { "double=1e10", 1e10 },
        { "decimal=-0.01", -0.01m },
        { "optionalDecimal=2.5", 2.5m },
        { "date=2024-01-15T12:00:00+05:00", new DateTime(2024, 1, 15, 7, 0, 0, DateTimeKind.Utc) },
        { "optionalDate>2024-01-15T12:00:00", new DateTime(2024, 1, 15, 12, 0, 0, DateTimeKind.Utc) },
        { "offset=2024-01-15T12:00:00+05:00", new DateTimeOffset(2024, 1, 15, 7, 0, 0, TimeSpan.Zero) },
    };

    [Theory]
    [MemberData(nameof(TypedValues))]
    public void BindFilter_Value_IsParsedToThePropertyType(string query, object expected)
    {
        var comparison = Assert.IsType<BoundComparison>(TestSchemas.AllTypes.BindFilter(query).Value);

        Assert.Equal(expected, comparison.Value);
        Assert.Equal(expected.GetType(), comparison.Value!.GetType());
        Assert.Equal(comparison.Property.ValueType, comparison.Value.GetType());
    }

    [Fact]
    public void BindFilter_Dates_AreUtc()
    {
        var comparison = Assert.IsType<BoundComparison>(TestSchemas.AllTypes.BindFilter("date<2024-01-15T12:00:00").Value);

        Assert.Equal(DateTimeKind.Utc, Assert.IsType<DateTime>(comparison.Value).Kind);
    }

    [Theory]
    [InlineData("platformName=x", ComparisonOperator.Equal)]
    [InlineData("platformName!=x", ComparisonOperator.NotEqual)]
    [InlineData("platformName~x", ComparisonOperator.Contains)]
    [InlineData("created>2024-01-15T12:00:00Z", ComparisonOperator.GreaterThan)]
    [InlineData("created<2024-01-15T12:00:00Z", ComparisonOperator.LessThan)]
    [InlineData("created>=2024-01-15T12:00:00Z", ComparisonOperator.GreaterThanOrEqual)]
    [InlineData("created<=2024-01-15T12:00:00Z", ComparisonOperator.LessThanOrEqual)]
    public void BindFilter_Operator_IsKept(string query, ComparisonOperator op)
    {
        var comparison = Assert.IsType<BoundComparison>(TestSchemas.Connection.BindFilter(query).Value);

        Assert.Equal(op, comparison.Operator);
    }

    [Fact]
    public void BindFilter_Property_IsResolvedCaseInsensitivelyToTheRegisteredMember()
    {
        var property = Assert.IsType<BoundComparison>(TestSchemas.Connection.BindFilter("LASTSYNC>2024-01-15T12:00:00Z").Value).Property;

        Assert.Equal("lastSync", property.Name);
        Assert.Equal(nameof(TestConnection.LastSync), property.Member?.Name);
        Assert.Equal(ValueKind.DateTime, property.Kind);
        Assert.Equal(typeof(DateTime), property.ValueType);
        Assert.Equal(typeof(DateTime?), property.PropertyType);
        Assert.True(property.IsNullable);
    }

    [Theory]
    [InlineData("id", ValueKind.Guid, false)]
    [InlineData("platformName", ValueKind.String, true)]
    [InlineData("status", ValueKind.Enum, false)]
    [InlineData("created", ValueKind.DateTime, false)]
    public void BindFilter_Property_CarriesKindAndNullability(string name, ValueKind kind, bool nullable)
    {
        var text = kind switch
        {
            ValueKind.Guid => Guid.Empty.ToString(),
            ValueKind.Enum => "Linked",
            ValueKind.DateTime => "2024-01-15T12:00:00Z",
            _ => "x",
        };
        var property = Assert.IsType<BoundComparison>(TestSchemas.Connection.BindFilter($"{name}={text}").Value).Property;

        Assert.Equal((kind, nullable), (property.Kind, property.IsNullable));
    }

    [Fact]
    public void BindFilter_Contains_LowerCasesTheValue()
    {
        var comparison = Assert.IsType<BoundComparison>(TestSchemas.Connection.BindFilter("platformName~Sage 50 (UK)").Value);

        Assert.Equal("sage 50 (uk)", comparison.Value);
    }

    [Fact]
    public void BindFilter_AndBindsTighterThanOr_OperandsInTheOrderWritten()
    {
        var or = Assert.IsType<BoundOr>(TestSchemas.Connection.BindFilter("status=Linked || status=Unlinked && sourceType=Banking").Value);

        Assert.Equal(2, or.Operands.Count);
        Assert.Equal(ConnectionStatus.Linked, Assert.IsType<BoundComparison>(or.Operands[0]).Value);
        var and = Assert.IsType<BoundAnd>(or.Operands[1]);
        Assert.Equal(["status", "sourceType"], and.Operands.Select(o => Assert.IsType<BoundComparison>(o).Property.Name));
    }

    [Fact]
    public void BindFilter_SubProperty_IsAnyItemOfTheCollection()
    {
        var any = Assert.IsType<BoundAny>(TestSchemas.Company.BindFilter("dataConnections.status=Linked").Value);

        Assert.Equal("dataConnections", any.Collection.Name);
        Assert.Equal(typeof(TestConnection), any.Collection.ItemType);
        var condition = Assert.IsType<BoundComparison>(any.Condition);
        Assert.Equal(("status", ConnectionStatus.Linked), (condition.Property.Name, condition.Value));
    }

    public static TheoryData<string, string> WholeDays { get; } = new()
    {
        { "created=2024-01-15", "(created >= 2024-01-15 && created < 2024-01-16)" },
        { "created!=2024-01-15", "(created < 2024-01-15 || created >= 2024-01-16)" },
        { "lastSync!=2024-01-15", "(lastSync = null || (lastSync < 2024-01-15 || lastSync >= 2024-01-16))" },
        { "created>2024-01-15", "created >= 2024-01-16" },
        { "created>=2024-01-15", "created >= 2024-01-15" },
        { "created<2024-01-15", "created < 2024-01-15" },
        { "created<=2024-01-15", "created < 2024-01-16" },
        { "created<=9999-12-31", "created < 9999-12-31T23:59:59.9999999" },
    };

    [Theory]
    [MemberData(nameof(WholeDays))]
    public void BindFilter_WholeDay_BecomesTheDaysRange(string query, string expected)
    {
        Assert.Equal(expected, Describe(TestSchemas.Connection.BindFilter(query).Value!));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void BindFilter_NoQuery_IsNoFilter(string? query)
    {
        var result = TestSchemas.Connection.BindFilter(query);

        Assert.True(result.Succeeded);
        Assert.Null(result.Value);
    }

    [Theory]
    [MemberData(nameof(FilterErrorTests.CompanyErrors), MemberType = typeof(FilterErrorTests))]
    public void BindFilter_BadPropertyOrValue_ReportsTheSameMessageAndPositionAsParseFilter(string query, string message, int position, int length)
    {
        var result = TestSchemas.Company.BindFilter(query);

        Assert.Equal(message, result.Error?.Message);
        var diagnostic = Assert.Single(result.Error!.Diagnostics);
        Assert.Equal((position, length), (diagnostic.Position, diagnostic.Length));
    }

    [Fact]
    public void BindFilter_MalformedQuery_ReportsTheSyntaxError()
    {
        Assert.Equal("Error parsing query - Malformed query.", TestSchemas.Connection.BindFilter("status=").Error?.Message);
    }

    private static string Describe(BoundNode node) => node switch
    {
        BoundAnd and => "(" + string.Join(" && ", and.Operands.Select(Describe)) + ")",
        BoundOr or => "(" + string.Join(" || ", or.Operands.Select(Describe)) + ")",
        BoundComparison c => $"{c.Property.Name} {c.Operator.ToText()} {Value(c.Value)}",
        _ => node.ToString(),
    };

    private static string Value(object? value) => value switch
    {
        null => "null",
        DateTime { TimeOfDay.Ticks: 0 } day => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DateTime time => time.ToString("O", System.Globalization.CultureInfo.InvariantCulture).TrimEnd('Z'),
        _ => value.ToString()!,
    };
}
