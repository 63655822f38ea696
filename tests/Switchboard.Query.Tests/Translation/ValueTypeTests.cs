using Switchboard.Query.Tests.Model;
using static Switchboard.Query.Tests.Model.AllTypesData;

namespace Switchboard.Query.Tests.Translation;

/// <summary>Every supported property type, nullable ones included, in memory.</summary>
public sealed class ValueTypeTests
{
    public static TheoryData<string, int[]> Cases { get; } = new()
    {
        { "text=alpha", [0] },
        { "text~A", [0, 1] },
        { "optionalText=Gamma ray", [1] },
        { "optionalText!=Gamma ray", [0] },
        { "optionalText~RAY", [1] },
        { $"guid={First}", [0] },
        { $"optionalGuid={Second}", [1] },
        { $"optionalGuid!={Second}", [0] },
        { "flag=true", [0] },
        { "optionalFlag=false", [1] },
        { "optionalFlag!=false", [0] },
        { "optionalFlag=true", [] },
        { "status=linked", [0] },
        { "optionalStatus=Unlinked", [1] },
        { "optionalStatus!=Unlinked", [0] },
        { "byte>100", [1] },
        { "byte=255", [] },
        { "short<0", [0] },
        { "int>=-7", [0, 1] },
        { "int<-7", [] },
        { "optionalInt<=8", [1] },
        { "optionalInt!=8", [0] },
        { "uint>=4000000000", [1] },
        { "long>4294967296", [0] },
        { "ulong=18446744073709551615", [1] },
        { "float<0", [1] },
        { "float=1.5", [0] },
        { "double>=1e10", [1] },
        { "decimal<=-0.01", [1] },
        { "optionalDecimal>0", [1] },
        { "optionalDecimal<0", [] },
        { "date=2024-05-01", [0] },
        { "date>=2024-05-01T10:00:00.0000001Z", [1] },
        { "optionalDate=2024-05-02", [1] },
        { "optionalDate!=2024-05-02", [0] },
        { "optionalDate<2024-05-03", [1] },
        { "date<=9999-12-31", [0, 1] },
        { "date=9999-12-31", [] },
        { "date>0001-01-01", [0, 1] },
        { "offset=2024-05-01", [0, 1] },
        { "offset>2024-05-01", [] },
        { "offset=2024-05-02T01:00:00+02:00", [1] },
        { "offset=2024-05-01T23:00:00Z", [1] },
        { "optionalOffset>=2024-05-03", [1] },
        { "optionalOffset!=2024-05-03", [0] },
        { "items.status=Linked", [0] },
        { "items.status!=Linked", [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Filter_EachPropertyType_SelectsExpectedRows(string query, int[] expected)
    {
        var result = TestSchemas.AllTypes.ParseFilter(query);
        Assert.True(result.Succeeded, result.Error?.Message);
        var rows = Rows();

        var selected = rows.AsQueryable().Where(result.Value!).Select(row => rows.IndexOf(row));

        Assert.Equal(expected, selected);
    }

    [Theory]
    [InlineData("byte=256", "a whole number between 0 and 255")]
    [InlineData("uint=-1", "a whole number between 0 and 4294967295")]
    [InlineData("ulong=18446744073709551616", "a whole number between 0 and 18446744073709551615")]
    [InlineData("float=Infinity", "a number (e.g. 12.5)")]
    [InlineData("optionalOffset=yesterday", "a date (ISO 8601, e.g. 2024-01-31 or 2024-01-31T13:45:00Z)")]
    [InlineData("date=0001-01-01T00:00:00+01:00", "a date (ISO 8601, e.g. 2024-01-31 or 2024-01-31T13:45:00Z)")]
    [InlineData("optionalStatus=3", "one of PendingAuth, Linked, Unlinked, Deauthorized")]
    [InlineData("optionalFlag=null", "true or false")]
    public void Filter_ValueOutOfRangeForType_SaysWhatWasExpected(string query, string expected)
    {
        var result = TestSchemas.AllTypes.ParseFilter(query);

        Assert.EndsWith($": expected {expected}.", result.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Property_UnsupportedType_Throws()
    {
        var schema = new QuerySchema<AllTypes>("AllTypes");

        Assert.Throws<ArgumentException>(() => schema.Property("items", x => x.Items.Count > 0 ? TimeSpan.Zero : TimeSpan.MaxValue));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("has space")]
    public void Property_InvalidName_Throws(string name)
    {
        var schema = new QuerySchema<AllTypes>("AllTypes");

        Assert.ThrowsAny<ArgumentException>(() => schema.Property(name, x => x.Int));
    }

    [Fact]
    public void Property_DuplicateNameIgnoringCase_Throws()
    {
        var schema = new QuerySchema<AllTypes>("AllTypes").Property("int", x => x.Int);

        Assert.Throws<ArgumentException>(() => schema.Property("INT", x => x.Long));
    }
}
