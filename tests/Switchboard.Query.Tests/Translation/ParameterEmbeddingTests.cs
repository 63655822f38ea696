using System.Linq.Expressions;
using Switchboard.Query.Tests.Model;

namespace Switchboard.Query.Tests.Translation;

/// <summary>Values reach the expression as members of a holder object, which EF Core turns into parameters.</summary>
public sealed class ParameterEmbeddingTests
{
    [Theory]
    [InlineData("created=2024-01-15", 2)]
    [InlineData("created>=9999-12-31", 1)]
    [InlineData("lastSync<=9999-12-31", 1)]
    [InlineData("created<2024-01-15T12:00:00+05:00", 1)]
    [InlineData("lastSync!=2024-01-15T12:00:00", 1)]
    public void ParseFilter_Dates_AreEmbeddedAsUtcValues(string query, int count)
    {
        var values = EmbeddedValues(TestSchemas.Connection.ParseFilter(query).Value!);

        Assert.Equal(count, values.Count);
        Assert.All(values, value => Assert.Equal(DateTimeKind.Utc, Assert.IsType<DateTime>(value).Kind));
    }

    [Fact]
    public void ParseFilter_DateTimeWithOffset_IsConvertedToUtc()
    {
        var value = Assert.Single(EmbeddedValues(TestSchemas.Connection.ParseFilter("created=2024-01-15T12:00:00+05:00").Value!));

        Assert.Equal(new DateTime(2024, 1, 15, 7, 0, 0, DateTimeKind.Utc), value);
    }

    [Fact]
    public void ParseFilter_Contains_EmbedsLowercasedValue()
    {
        var value = Assert.Single(EmbeddedValues(TestSchemas.Connection.ParseFilter("platformName~Sage 50 (UK)").Value!));

        Assert.Equal("sage 50 (uk)", value);
    }

    [Fact]
    public void ParseFilter_Values_AreNeverInlinedAsConstants()
    {
        var filter = TestSchemas.Company.ParseFilter(
            "name=Acme && employees>5 && isSandbox=true && score!=1.5 && dataConnections.status=Linked && created<2024-01-01").Value!;

        var constants = new ConstantCollector();
        constants.Visit(filter);

        Assert.All(constants.Constants, constant => Assert.True(
            constant.Value is null || constant.Type.Name.StartsWith("ValueHolder", StringComparison.Ordinal),
            $"Inlined constant {constant.Value} of type {constant.Type}"));
        Assert.Equal(6, EmbeddedValues(filter).Count);
    }

    private static List<object?> EmbeddedValues(Expression expression)
    {
        var collector = new ConstantCollector();
        collector.Visit(expression);
        return [.. collector.HolderReads.Select(read => Expression.Lambda(Expression.Convert(read, typeof(object))).Compile().DynamicInvoke())];
    }
}
