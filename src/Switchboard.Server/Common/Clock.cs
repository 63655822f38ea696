namespace Switchboard.Server.Common;

internal static class Clock
{
    /// <summary>Now in UTC to the millisecond: what both databases store exactly and the wire shows.</summary>
    public static DateTime UtcNow(this TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }
}
