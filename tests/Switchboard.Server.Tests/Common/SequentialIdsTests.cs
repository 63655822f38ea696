using Switchboard.Server.Common;
using Xunit;

namespace Switchboard.Server.Tests.Common;

public sealed class SequentialIdsTests
{
    [Fact]
    public void Ids_Made_In_The_Same_Millisecond_Sort_In_The_Order_They_Were_Made()
    {
        var time = new FixedTime(DateTimeOffset.UtcNow);

        // More than the 4,096 a millisecond holds, so the borrowing of the next millisecond is covered too.
        var ids = Enumerable.Range(0, 10_000).Select(_ => SequentialIds.Next(time)).ToList();

        // As SQLite compares them (uppercase text) and as PostgreSQL does (uuid bytes, big-endian).
        Assert.Equal(ids, ids.OrderBy(id => id.ToString().ToUpperInvariant(), StringComparer.Ordinal));
        Assert.Equal(ids, ids.OrderBy(id => Convert.ToHexString(id.ToByteArray(bigEndian: true)), StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void An_Id_Is_A_Version_7_Guid_With_Its_Time_In_Milliseconds()
    {
        var now = DateTimeOffset.UtcNow.AddDays(1000);

        var id = SequentialIds.Next(new FixedTime(now));

        Assert.Equal(7, id.Version);
        Assert.Equal(0b10, id.Variant >> 2);
        var milliseconds = Convert.ToInt64(id.ToString("N")[..12], 16);
        Assert.InRange(milliseconds, now.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds() + 3);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
