namespace Switchboard.Client.Tests.Infrastructure;

/// <summary>
/// A client wired to a <see cref="FakeHttpHandler"/> and a <see cref="RecordingTimeProvider"/>.
/// Per-try timeouts are off unless a test sets one, so the only timers are backoff delays.
/// </summary>
public sealed class TestClient : IDisposable
{
    public const string BaseUri = "https://switchboard.test/";
    public const string CompanyId = "8a210b68-6988-11ed-a1eb-0242ac120002";
    public const string ConnectionId = "2e9d2c44-f675-40ba-8049-353bfcb5e171";

    public TestClient(Action<SwitchboardClientOptions>? configure = null)
    {
        Time = new RecordingTimeProvider();
        Handler = new FakeHttpHandler(Time);
        var options = new SwitchboardClientOptions
        {
            BaseUri = new Uri(BaseUri),
            ApiKey = "test-key",
            Timeout = null,
            TimeProvider = Time,
        };
        configure?.Invoke(options);
        Client = new SwitchboardClient(Handler, options, disposeHandler: true);
    }

    public RecordingTimeProvider Time { get; }

    public FakeHttpHandler Handler { get; }

    public SwitchboardClient Client { get; }

    public IReadOnlyList<RecordedRequest> Requests => Handler.Requests;

    /// <summary>
    /// Lets <paramref name="call"/> through each of its next <paramref name="count"/> waits, moving the fake
    /// clock by exactly each wait, and returns the waits in order. Fails at once if the call finishes first.
    /// </summary>
    public async Task<IReadOnlyList<TimeSpan>> AdvanceThroughTimersAsync(Task call, int count)
    {
        var waits = new List<TimeSpan>();
        for (var i = 0; i < count; i++)
        {
            var wait = await NextTimerAsync(call, $"after {i} wait(s); {count} were expected");
            waits.Add(wait);
            Time.Advance(wait);
        }

        return waits;
    }

    /// <summary>
    /// Waits until <paramref name="call"/> starts a timer (a backoff wait or a per-try time limit) and returns
    /// its due time, without moving the clock. Fails at once if the call finishes first.
    /// </summary>
    public async Task<TimeSpan> NextTimerAsync(Task call, string? expectation = null)
    {
        using var stop = new CancellationTokenSource();
        var timer = Time.NextTimerAsync(stop.Token);
        if (await Task.WhenAny(call, timer) != timer)
        {
            await stop.CancelAsync();
            await Task.WhenAny(timer);
            Assert.Fail($"The call finished ({call.Status}) before starting a timer {expectation}. {call.Exception?.InnerException?.Message}");
        }

        return await timer;
    }

    /// <summary>
    /// Awaits a call that must finish without waiting (no retry, no backoff): fails at once, instead of
    /// hanging on the fake clock, if the client starts a timer first.
    /// </summary>
    public async Task<T> FinishAsync<T>(Task<T> call)
    {
        await FinishAsync((Task)call);
        return await call;
    }

    /// <inheritdoc cref="FinishAsync{T}(Task{T})"/>
    public async Task FinishAsync(Task call)
    {
        using var stop = new CancellationTokenSource();
        var timer = Time.NextTimerAsync(stop.Token);
        var first = await Task.WhenAny(call, timer);
        if (first == timer && timer.IsCompletedSuccessfully)
        {
            Assert.Fail($"The client started waiting ({timer.Result}) where it should have finished.");
        }

        await stop.CancelAsync();
        await Task.WhenAny(timer);
        await call;
    }

    public void Dispose() => Client.Dispose();
}
