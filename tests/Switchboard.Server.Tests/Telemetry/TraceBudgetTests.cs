using System.Diagnostics;
using Switchboard.Server.Telemetry;
using Xunit;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>The per-second budget under Switchboard's sampler, on its own and from many threads at once.</summary>
public sealed class TraceBudgetTests
{
    [Fact]
    public void AFullBucket_IsASecondsWorth_ThenOnlyWhatRefills()
    {
        var clock = Stopwatch.StartNew();
        var budget = new TraceBudget.PerSecond(1000);
        var taken = Enumerable.Range(0, 5000).Count(_ => budget.TryTake());

        Assert.InRange(taken, 1000, 1000 + (int)Math.Ceiling(1000 * clock.Elapsed.TotalSeconds));
    }

    [Fact]
    public void OneASecond_GivesOne_ThenNoneUntilASecondHasPassed()
    {
        var clock = Stopwatch.StartNew();
        var budget = new TraceBudget.PerSecond(1);

        Assert.True(budget.TryTake());
        var second = budget.TryTake();

        Assert.True(!second || clock.Elapsed >= TimeSpan.FromSeconds(1), "A second take within the same second succeeded.");
    }

    [Fact]
    public void Zero_GivesNothing()
    {
        var budget = new TraceBudget.PerSecond(0);

        Assert.DoesNotContain(true, Enumerable.Range(0, 100).Select(_ => budget.TryTake()));
    }

    [Fact]
    public void ManyThreadsAtOnce_TakeNoMoreThanTheBudgetBetweenThem()
    {
        var clock = Stopwatch.StartNew();
        var budget = new TraceBudget.PerSecond(500);
        var taken = 0;

        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                if (budget.TryTake())
                {
                    Interlocked.Increment(ref taken);
                }
            }
        });

        Assert.InRange(taken, 500, 500 + (int)Math.Ceiling(500 * clock.Elapsed.TotalSeconds));
    }
}
