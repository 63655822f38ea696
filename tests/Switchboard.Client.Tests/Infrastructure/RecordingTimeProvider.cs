using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Switchboard.Client.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also reports each timer the client starts (a backoff delay or a
/// per-try timeout), so a test can wait for the client to start waiting and then move the clock by exactly
/// that much. Time never passes by itself.
/// </summary>
public sealed class RecordingTimeProvider : TimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public FakeTimeProvider Fake { get; } = new(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>
    /// Waits until the client starts its next timer and returns its due time. The wall-clock limit only
    /// turns a broken test into a failure instead of a hang; no test relies on it passing.
    /// </summary>
    public async Task<TimeSpan> NextTimerAsync(CancellationToken cancellationToken = default)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken, cancellationToken);
        guard.CancelAfter(TimeSpan.FromSeconds(30));
        return await _timers.Reader.ReadAsync(guard.Token);
    }

    /// <summary>Whether a timer was started that no test has taken with <see cref="NextTimerAsync"/>.</summary>
    public bool HasPendingTimer => _timers.Reader.TryPeek(out _);

    public void Advance(TimeSpan delta) => Fake.Advance(delta);
}
