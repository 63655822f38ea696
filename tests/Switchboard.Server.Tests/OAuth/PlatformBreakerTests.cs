using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;
using Switchboard.Server.OAuth;
using Xunit;

namespace Switchboard.Server.Tests.OAuth;

/// <summary>
/// The breaker of a platform that stops answering, step by step on a clock of its own (the refresher against a real
/// provider is in <see cref="TokenRefreshTests"/>): when it opens, how long each break lasts, that one probe goes out
/// at a time, and what closes it.
/// </summary>
public sealed class PlatformBreakerTests
{
    private const string Platform = "xero";
    private static readonly DateTime Start = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);

    private readonly PlatformPauses _pauses = new(Options.Create(new SwitchboardOptions
    {
        Tokens = { RetryBackoff = TimeSpan.FromSeconds(5), MaxRetryBackoff = TimeSpan.FromMinutes(30), HttpTimeout = TimeSpan.FromSeconds(15) },
    }));

    [Fact]
    public void Five_Refreshes_In_A_Row_Without_An_Answer_Open_It_For_The_First_Backoff_And_Later_Ones_Sent_Before_Do_Not_Lengthen_It()
    {
        for (var failure = 1; failure < PlatformPauses.BreakAfter; failure++)
        {
            Assert.Null(_pauses.Unanswered(Platform, Start, probe: false));
        }

        Assert.Null(_pauses.PausedUntil(Platform, Start));
        Assert.Equal(TimeSpan.FromSeconds(5), _pauses.Unanswered(Platform, Start, probe: false));
        Assert.Equal(new PlatformPause(Start.AddSeconds(5), "unavailable"), _pauses.PausedUntil(Platform, Start.AddSeconds(1)));
        // The refreshes that were out when it opened fail too: they say nothing new.
        Assert.Null(_pauses.Unanswered(Platform, Start.AddSeconds(1), probe: false));
        Assert.Equal(Start.AddSeconds(5), _pauses.PausedUntil(Platform, Start.AddSeconds(2))!.Value.Until);
        // Other platforms go on.
        Assert.Null(_pauses.PausedUntil("qbo", Start.AddSeconds(1)));
    }

    [Fact]
    public void After_A_Break_One_Probe_Goes_Out_While_The_Others_Wait_And_Each_Failed_Probe_Doubles_The_Break_Up_To_A_Minute()
    {
        var now = Open();
        TimeSpan[] breaks = [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40), PlatformPauses.MaxBreak, PlatformPauses.MaxBreak];
        now = now.AddSeconds(5);
        foreach (var expected in breaks)
        {
            Assert.Null(_pauses.PausedUntil(Platform, now));
            var probe = _pauses.TryProbe(Platform, now);
            Assert.Equal(now.AddSeconds(20), probe);
            // While the probe is out (up to the token timeout, and 5 s more), the platform's other refreshes wait.
            Assert.Null(_pauses.TryProbe(Platform, now));
            Assert.Equal(new PlatformPause(now.AddSeconds(20), "unavailable"), _pauses.PausedUntil(Platform, now.AddSeconds(1)));

            var failedAt = now.AddSeconds(15);
            Assert.Equal(expected, _pauses.Unanswered(Platform, failedAt, probe: true));
            _pauses.EndProbe(Platform, probe!.Value);
            Assert.Equal(failedAt + expected, _pauses.PausedUntil(Platform, failedAt)!.Value.Until);
            now = failedAt + expected;
        }
    }

    [Fact]
    public void A_Probe_That_Was_Not_Sent_Lets_The_Next_Refresh_Probe_And_A_Probe_Whose_Time_Ran_Out_Does_Not_Block_The_Platform()
    {
        var now = Open().AddSeconds(5);
        var unsent = _pauses.TryProbe(Platform, now);
        _pauses.EndProbe(Platform, unsent!.Value);
        var stuck = _pauses.TryProbe(Platform, now);
        Assert.NotNull(stuck);

        // Its end not reported yet: 20 s later another may probe.
        Assert.Null(_pauses.TryProbe(Platform, now.AddSeconds(19)));
        var next = _pauses.TryProbe(Platform, now.AddSeconds(20));
        Assert.Equal(now.AddSeconds(40), next);

        // The stuck one ending late leaves the new probe's mark: the platform still gets one probe at a time.
        _pauses.EndProbe(Platform, stuck!.Value);
        Assert.Null(_pauses.TryProbe(Platform, now.AddSeconds(21)));
        Assert.Equal(new PlatformPause(now.AddSeconds(40), "unavailable"), _pauses.PausedUntil(Platform, now.AddSeconds(21)));
        _pauses.EndProbe(Platform, next!.Value);
        Assert.NotNull(_pauses.TryProbe(Platform, now.AddSeconds(21)));
    }

    [Fact]
    public void Any_Answer_Closes_It_And_Starts_The_Count_Again()
    {
        var now = Open().AddSeconds(5);
        var probe = _pauses.TryProbe(Platform, now);
        Assert.True(_pauses.Answered(Platform));
        _pauses.EndProbe(Platform, probe!.Value);
        Assert.Null(_pauses.PausedUntil(Platform, now));
        Assert.Null(_pauses.TryProbe(Platform, now));
        Assert.False(_pauses.Answered(Platform));

        // The answer started the count again: four failures, an answer (with the breaker closed it closes nothing), four
        // more, are not five in a row.
        for (var round = 0; round < 2; round++)
        {
            for (var failure = 1; failure < PlatformPauses.BreakAfter; failure++)
            {
                Assert.Null(_pauses.Unanswered(Platform, now, probe: false));
            }

            Assert.False(_pauses.Answered(Platform));
        }

        Assert.Null(_pauses.PausedUntil(Platform, now));
    }

    [Fact]
    public void A_Platforms_Own_Retry_After_Is_Told_Apart_From_A_Break_And_The_Later_Of_The_Two_Holds()
    {
        var now = Open();
        Assert.Equal(new PlatformPause(now.AddSeconds(5), "unavailable"), _pauses.PausedUntil(Platform, now));
        _pauses.Pause(Platform, now.AddSeconds(2));
        Assert.Equal(new PlatformPause(now.AddSeconds(5), "unavailable"), _pauses.PausedUntil(Platform, now));
        _pauses.Pause(Platform, now.AddSeconds(30));
        Assert.Equal(new PlatformPause(now.AddSeconds(30), "paused"), _pauses.PausedUntil(Platform, now));
        // The break ended, the pause goes on: no probe is sent before the platform's Retry-After.
        Assert.Equal(new PlatformPause(now.AddSeconds(30), "paused"), _pauses.PausedUntil(Platform, now.AddSeconds(10)));
    }

    /// <summary>Opens the breaker with five failures at <see cref="Start"/>: a 5-s break.</summary>
    private DateTime Open()
    {
        for (var failure = 0; failure < PlatformPauses.BreakAfter; failure++)
        {
            _pauses.Unanswered(Platform, Start, probe: false);
        }

        return Start;
    }
}
