using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Switchboard.Query.Tests.Model;

namespace Switchboard.Query.Tests.Translation;

/// <summary>
/// Runs every valid query of <see cref="FilterCases"/> in a real SQLite database and in memory
/// (LINQ to objects, as the server filters the integrations catalogue) and checks the rows.
/// </summary>
public sealed class FilterResultsTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    [Theory]
    [MemberData(nameof(FilterCases.Connections), MemberType = typeof(FilterCases))]
    public async Task Filter_ConnectionsInSqlite_ReturnsExpectedRows(string query, int[] expected)
    {
        var filter = ParseOrFail(TestSchemas.Connection, query);
        await using var db = database.CreateContext();

        var ids = await db.Connections.Where(filter).Select(c => c.Id).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Ids(expected, SeedData.ConnectionId), Sorted(ids));
    }

    [Theory]
    [MemberData(nameof(FilterCases.Connections), MemberType = typeof(FilterCases))]
    public void Filter_ConnectionsInMemory_ReturnsExpectedRows(string query, int[] expected)
    {
        var filter = ParseOrFail(TestSchemas.Connection, query);

        var ids = SeedData.Connections().AsQueryable().Where(filter).Select(c => c.Id).ToList();

        Assert.Equal(Ids(expected, SeedData.ConnectionId), Sorted(ids));
    }

    [Theory]
    [MemberData(nameof(FilterCases.Companies), MemberType = typeof(FilterCases))]
    public async Task Filter_CompaniesInSqlite_ReturnsExpectedRows(string query, int[] expected)
    {
        var filter = ParseOrFail(TestSchemas.Company, query);
        await using var db = database.CreateContext();

        var ids = await db.Companies.Where(filter).Select(c => c.Id).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Ids(expected, SeedData.CompanyId), Sorted(ids));
    }

    [Theory]
    [MemberData(nameof(FilterCases.Companies), MemberType = typeof(FilterCases))]
    public void Filter_CompaniesInMemory_ReturnsExpectedRows(string query, int[] expected)
    {
        var filter = ParseOrFail(TestSchemas.Company, query);

        var ids = SeedData.Companies().Where(filter.Compile()).Select(c => c.Id).ToList();

        Assert.Equal(Ids(expected, SeedData.CompanyId), Sorted(ids));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void ParseFilter_EmptyQuery_ReturnsNoFilter(string? query)
    {
        var result = TestSchemas.Connection.ParseFilter(query);

        Assert.True(result.Succeeded);
        Assert.Null(result.Value);
    }

    private static Expression<Func<T, bool>> ParseOrFail<T>(QuerySchema<T> schema, string query)
    {
        var result = schema.ParseFilter(query);
        Assert.True(result.Succeeded, result.Error?.Message + " " + string.Join("; ", result.Error?.Diagnostics.Select(d => d.Message) ?? []));
        return result.Value!;
    }

    private static List<Guid> Ids(int[] numbers, Func<int, Guid> id) => Sorted(numbers.Select(id));

    private static List<Guid> Sorted(IEnumerable<Guid> ids) => [.. ids.Order()];
}
