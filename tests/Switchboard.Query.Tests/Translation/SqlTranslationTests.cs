using Microsoft.EntityFrameworkCore;
using Switchboard.Query.Tests.Model;

namespace Switchboard.Query.Tests.Translation;

/// <summary>Proves filters and orders run in the database, with values as SQL parameters.</summary>
public sealed class SqlTranslationTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    [Fact]
    public async Task ToQueryString_Filter_PutsConditionsInWhereWithParameters()
    {
        await using var db = database.CreateContext();
        var filter = TestSchemas.Connection.ParseFilter("status=Linked && platformName~Sage 50").Value!;

        var sql = Statement(db.Connections.Where(filter).ToQueryString());

        Assert.Contains("WHERE", sql, StringComparison.Ordinal);
        Assert.Contains("\"c\".\"Status\" = @", sql, StringComparison.Ordinal);
        Assert.Contains("instr(lower(\"c\".\"PlatformName\"), @", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("sage 50", sql, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ToQueryString_DifferentValues_ProduceTheSameSql()
    {
        await using var db = database.CreateContext();
        var xero = TestSchemas.Connection.ParseFilter("platformName=Xero && created>2024-01-01").Value!;
        var plaid = TestSchemas.Connection.ParseFilter("platformName=Plaid && created>2025-06-30").Value!;

        var first = Statement(db.Connections.Where(xero).ToQueryString());
        var second = Statement(db.Connections.Where(plaid).ToQueryString());

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task ToQueryString_WholeDay_ComparesStoredTicksWithParameters()
    {
        await using var db = database.CreateContext();
        var filter = TestSchemas.Connection.ParseFilter("created=2024-01-15").Value!;

        var sql = Statement(db.Connections.Where(filter).ToQueryString());

        Assert.Matches(@"""c"".""Created"" >= @\w+ AND ""c"".""Created"" < @\w+", sql);
    }

    [Fact]
    public async Task ToQueryString_NotEqualOnNullable_AlsoSelectsNull()
    {
        await using var db = database.CreateContext();
        var filter = TestSchemas.Connection.ParseFilter("lastSync!=2024-02-01T08:30:00Z").Value!;

        var sql = Statement(db.Connections.Where(filter).ToQueryString());

        Assert.Contains("\"c\".\"LastSync\" IS NULL", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToQueryString_CollectionProperty_UsesExistsSubquery()
    {
        await using var db = database.CreateContext();
        var filter = TestSchemas.Company.ParseFilter("dataConnections.status=Linked").Value!;

        var sql = Statement(db.Companies.Where(filter).ToQueryString());

        Assert.Contains("WHERE EXISTS (", sql, StringComparison.Ordinal);
        Assert.Contains("\"c0\".\"Status\" = @", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToQueryString_OrderBy_AppendsDefaultOrderAsOrderBy()
    {
        await using var db = database.CreateContext();
        var filter = TestSchemas.Connection.ParseFilter("status=Linked").Value!;

        var ordered = TestSchemas.Connection.ApplyOrder(db.Connections.Where(filter), "-platformName").Value;
        var sql = Statement(ordered.ToQueryString());

        Assert.EndsWith("ORDER BY \"c\".\"PlatformName\" DESC, \"c\".\"Created\", \"c\".\"Id\"", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToQueryString_NoOrderBy_OrdersByDefaultOrder()
    {
        await using var db = database.CreateContext();

        var sql = Statement(TestSchemas.Company.ApplyOrder(db.Companies, null).Value.ToQueryString());

        Assert.EndsWith("ORDER BY \"c\".\"Created\", \"c\".\"Id\"", sql, StringComparison.Ordinal);
    }

    // ToQueryString starts with ".param set" lines holding the values; the statement follows a blank line.
    private static string Statement(string queryString)
    {
        var separator = queryString.IndexOf("\n\n", StringComparison.Ordinal);
        return (separator < 0 ? queryString : queryString[(separator + 2)..]).ReplaceLineEndings("\n").Trim();
    }
}
