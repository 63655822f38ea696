using Switchboard.Query.Binding;
using Switchboard.Server.Connections;
using Switchboard.Server.Persistence.Sql;
using Xunit;

namespace Switchboard.Server.Tests.Persistence;

/// <summary>The SQL written for bound queries of the query language (the rows they select are compared with EF Core's elsewhere).</summary>
public sealed class SqlQueryWriterTests
{
    [Theory]
    [InlineData("status=Linked", "status = @q0", "Linked")]
    [InlineData("status!=Linked", "status <> @q0", "Linked")]
    [InlineData("platformName~XER", "(platform_name IS NOT NULL AND instr(lower(platform_name), @q0) > 0)", "xer")]
    [InlineData("integrationKey!=gbol", "(integration_key <> @q0 OR integration_key IS NULL)", "gbol")]
    [InlineData("lastSync>2024-01-01T10:00:00Z", "last_sync > @q0", 638397000000000000L)]
    [InlineData("lastSync!=2024-01-01T10:00:00Z", "(last_sync <> @q0 OR last_sync IS NULL)", 638397000000000000L)]
    public void A_Clause_Becomes_A_Parameterised_Condition(string query, string sql, object value)
    {
        var writer = new SqlQueryWriter(SqlDialect.Sqlite);

        Assert.Equal(sql, writer.WriteFilter(Filter(query)));
        Assert.Equal([value], writer.Values);
    }

    [Fact]
    public void Ids_Are_Bound_As_Each_Provider_Stores_Them()
    {
        var id = Guid.Parse("019a6326-4ebf-78c3-b217-5738654c482c");
        var sqlite = new SqlQueryWriter(SqlDialect.Sqlite);
        var postgres = new SqlQueryWriter(SqlDialect.Postgres);

        sqlite.WriteFilter(Filter($"id={id}"));
        postgres.WriteFilter(Filter($"id={id}"));

        Assert.Equal(["019A6326-4EBF-78C3-B217-5738654C482C"], sqlite.Values);
        Assert.Equal([id], postgres.Values);
    }

    [Fact]
    public void And_Binds_Tighter_Than_Or_And_Each_Value_Gets_Its_Own_Parameter()
    {
        var writer = new SqlQueryWriter(SqlDialect.Postgres);

        var sql = writer.WriteFilter(Filter("status=Linked||status=Unlinked&&sourceType=Banking"));

        Assert.Equal("(status = @q0 OR (status = @q1 AND source_type = @q2))", sql);
        Assert.Equal(["Linked", "Unlinked", "Banking"], writer.Values);
        Assert.Equal(["@q0", "@q1", "@q2"], writer.ParameterNames);
    }

    [Fact]
    public void A_Whole_Day_Covers_The_Day_From_Midnight_To_Midnight()
    {
        var writer = new SqlQueryWriter(SqlDialect.Postgres);

        var sql = writer.WriteFilter(Filter("created=2024-01-01"));

        Assert.Equal("(created >= @q0 AND created < @q1)", sql);
        Assert.Equal([new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2024, 1, 2, 0, 0, 0, DateTimeKind.Utc)], writer.Values);
    }

    [Fact]
    public void Three_Alternatives_Are_One_Flat_Or()
    {
        var writer = new SqlQueryWriter(SqlDialect.Sqlite);

        var sql = writer.WriteFilter(Filter("status=Linked||status=Unlinked||status=Deauthorized"));

        Assert.Equal("(status = @q0 OR status = @q1 OR status = @q2)", sql);
    }

    [Fact]
    public void A_Day_Not_Equal_On_A_Nullable_Column_Keeps_The_Nulls()
    {
        var writer = new SqlQueryWriter(SqlDialect.Sqlite);

        var sql = writer.WriteFilter(Filter("lastSync!=2024-01-01"));

        Assert.Equal("(last_sync IS NULL OR (last_sync < @q0 OR last_sync >= @q1))", sql);
        Assert.Equal(2, writer.Values.Count);
    }

    [Theory]
    [InlineData(null, "created, id")]
    [InlineData("-modifiedDate", "modified DESC, created, id")]
    [InlineData("platformName", "platform_name, created, id")]
    [InlineData("-created", "created DESC, id")]
    public void An_Order_Lists_Its_Columns_Most_Significant_First(string? orderBy, string sql)
    {
        var order = ConnectionQuerySchema.Instance.BindOrder(orderBy);

        Assert.Equal(sql, SqlQueryWriter.WriteOrder(order.Value));
    }

    private static BoundNode Filter(string query) => ConnectionQuerySchema.Instance.BindFilter(query).Value!;
}
