using Microsoft.EntityFrameworkCore;
using Switchboard.Query.Tests.Model;

namespace Switchboard.Query.Tests.Ordering;

/// <summary>orderBy: one property, '-' for descending, the default order as tie-breaker.</summary>
public sealed class ApplyOrderTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    public static TheoryData<string?, int[]> Orders { get; } = new()
    {
        { null, [5, 7, 1, 2, 3, 4, 6, 8] },
        { "", [5, 7, 1, 2, 3, 4, 6, 8] },
        { "created", [5, 7, 1, 2, 3, 4, 6, 8] },
        { "-created", [8, 6, 4, 3, 2, 1, 7, 5] },
        { "platformName", [7, 5, 2, 8, 1, 6, 4, 3] },
        { " PLATFORMNAME ", [7, 5, 2, 8, 1, 6, 4, 3] },
        { "-platformName", [3, 4, 1, 6, 8, 2, 5, 7] },
        { "status", [7, 2, 1, 3, 6, 8, 4, 5] },
        { "-lastSync", [8, 6, 4, 1, 3, 5, 7, 2] },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task ApplyOrder_InSqlite_OrdersThenBreaksTiesByDefaultOrder(string? orderBy, int[] expected)
    {
        await using var db = database.CreateContext();

        var ordered = TestSchemas.Connection.ApplyOrder(db.Connections, orderBy);
        var ids = await ordered.Value.Select(c => c.Id).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(expected.Select(SeedData.ConnectionId), ids);
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public void ApplyOrder_InMemory_OrdersThenBreaksTiesByDefaultOrder(string? orderBy, int[] expected)
    {
        var ordered = TestSchemas.Connection.ApplyOrder(SeedData.Connections().AsQueryable(), orderBy);

        Assert.Equal(expected.Select(SeedData.ConnectionId), ordered.Value.Select(c => c.Id));
    }

    [Theory]
    [InlineData("foo", "foo", 0, 3)]
    [InlineData("-foo", "foo", 1, 3)]
    [InlineData("-", "", 1, 0)]
    [InlineData("status=Linked", "status=Linked", 0, 13)]
    [InlineData("--created", "-created", 1, 8)]
    public void ApplyOrder_UnknownProperty_FailsWithPosition(string orderBy, string property, int position, int length)
    {
        var result = TestSchemas.Connection.ApplyOrder(SeedData.Connections().AsQueryable(), orderBy);

        Assert.False(result.Succeeded);
        Assert.Equal($"Invalid orderBy: could not resolve property '{property}' on Connection.", result.Error!.Message);
        var diagnostic = Assert.Single(result.Error.Diagnostics);
        Assert.Equal((position, length), (diagnostic.Position, diagnostic.Length));
        Assert.Contains("sortable properties are: id, companyId,", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("description")]
    [InlineData("dataConnections")]
    [InlineData("dataConnections.status")]
    public void ApplyOrder_NonSortableProperty_Fails(string orderBy)
    {
        var result = TestSchemas.Company.ApplyOrder(SeedData.Companies().AsQueryable(), orderBy);

        Assert.Equal($"Invalid orderBy: could not resolve property '{orderBy}' on Company.", result.Error?.Message);
    }

    [Fact]
    public void ApplyOrder_SchemaWithoutDefaultOrder_ThrowsForNoOrderBy()
    {
        var schema = new QuerySchema<TestConnection>("Connection").Property("id", c => c.Id);

        Assert.Throws<InvalidOperationException>(() => schema.ApplyOrder(SeedData.Connections().AsQueryable(), null));
    }

    [Fact]
    public void DefaultOrder_UnknownProperty_Throws()
    {
        var schema = new QuerySchema<TestConnection>("Connection").Property("id", c => c.Id);

        var error = Assert.Throws<ArgumentException>(() => schema.DefaultOrder("created"));
        Assert.StartsWith("'created' is not a sortable property of Connection", error.Message, StringComparison.Ordinal);
    }
}
