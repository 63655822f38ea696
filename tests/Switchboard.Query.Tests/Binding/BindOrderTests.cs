using Switchboard.Query.Binding;
using Switchboard.Query.Tests.Model;

namespace Switchboard.Query.Tests.Binding;

/// <summary>An orderBy bound to a schema: resolved sort keys, the default order appended as tie-breaker.</summary>
public sealed class BindOrderTests
{
    [Theory]
    [InlineData(null, "created, id")]
    [InlineData("  ", "created, id")]
    [InlineData("created", "created, id")]
    [InlineData("-created", "-created, id")]
    [InlineData(" -PLATFORMNAME ", "-platformName, created, id")]
    [InlineData("id", "id, created")]
    [InlineData("lastSync", "lastSync, created, id")]
    public void BindOrder_Keys_EndWithTheDefaultOrderWithoutRepeats(string? orderBy, string expected)
    {
        var keys = TestSchemas.Connection.BindOrder(orderBy).Value;

        Assert.Equal(expected, string.Join(", ", keys.Select(key => (key.Descending ? "-" : "") + key.Property.Name)));
    }

    [Fact]
    public void BindOrder_Key_IsTheRegisteredProperty()
    {
        var key = TestSchemas.Connection.BindOrder("-lastSync").Value[0];

        Assert.Equal(nameof(TestConnection.LastSync), key.Property.Member?.Name);
        Assert.True(key.Descending);
    }

    [Theory]
    [InlineData("foo", "foo", 0, 3)]
    [InlineData("-foo", "foo", 1, 3)]
    [InlineData("--created", "-created", 1, 8)]
    public void BindOrder_UnknownProperty_FailsWithTheSameMessageAndPosition(string orderBy, string property, int position, int length)
    {
        var result = TestSchemas.Connection.BindOrder(orderBy);

        Assert.Equal($"Invalid orderBy: could not resolve property '{property}' on Connection.", result.Error?.Message);
        var diagnostic = Assert.Single(result.Error!.Diagnostics);
        Assert.Equal((position, length), (diagnostic.Position, diagnostic.Length));
    }

    [Fact]
    public void Order_KeysOfAnotherSchema_Throws()
    {
        var keys = TestSchemas.Company.BindOrder("name").Value;

        Assert.Throws<ArgumentException>(() => TestSchemas.Connection.Order(SeedData.Connections().AsQueryable(), keys));
    }

    [Fact]
    public void Order_BoundKeys_OrderAsTheOrderByText()
    {
        var keys = TestSchemas.Connection.BindOrder("-platformName").Value;

        var bound = TestSchemas.Connection.Order(SeedData.Connections().AsQueryable(), keys);
        var text = TestSchemas.Connection.ApplyOrder(SeedData.Connections().AsQueryable(), "-platformName").Value;

        Assert.Equal(text.Select(c => c.Id), bound.Select(c => c.Id));
    }
}
