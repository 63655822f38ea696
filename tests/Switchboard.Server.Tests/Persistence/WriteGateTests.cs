using System.Diagnostics;
using Switchboard.Server.Persistence;
using Xunit;

namespace Switchboard.Server.Tests.Persistence;

/// <summary>
/// The SQLite write gate: one writer at a time, in arrival order, with the webhook worker's turns first while they have
/// held the writer for at most half its time.
/// </summary>
public sealed class WriteGateTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Writers_Enter_One_At_A_Time_In_The_Order_They_Came()
    {
        var gate = new WriteGate(enabled: true);
        var first = await gate.EnterAsync(None);
        var order = new List<int>();
        var waiting = Enumerable.Range(1, 5).Select(i => EnterAndRecordAsync(gate, order, i)).ToList();

        await Task.Delay(50);
        Assert.Empty(order);
        first.Dispose();
        await Task.WhenAll(waiting);

        Assert.Equal([1, 2, 3, 4, 5], order);
    }

    [Fact]
    public async Task A_Long_Queue_Of_Writers_That_Never_Yield_Is_Served_In_Order_And_Frees_The_Gate()
    {
        // Each writer's turn is handed to the next by the releasing thread itself, up to a depth, then through the
        // thread pool: a thousand writers that release without ever yielding neither overflow the stack nor stall.
        var gate = new WriteGate(enabled: true);
        var first = await gate.EnterAsync(None);
        var order = new List<int>();
        var writers = Enumerable.Range(1, 1000).Select(async i =>
        {
            using var turn = await gate.EnterAsync(None);
            order.Add(i);
        }).ToList();

        first.Dispose();
        // A turn lost in a handoff would leave the rest waiting forever: fail instead of hanging the suite.
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Enumerable.Range(1, 1000), order);
        Assert.True(gate.EnterAsync(None).IsCompleted);
    }

    [Fact]
    public async Task A_Writer_Asking_For_The_Next_Turn_Goes_Before_Those_Waiting_In_Line()
    {
        var gate = new WriteGate(enabled: true);
        var first = await gate.EnterAsync(None);
        var order = new List<int>();
        var inLine = EnterAndRecordAsync(gate, order, 1);
        var inLineToo = EnterAndRecordAsync(gate, order, 2);
        var next = EnterAndRecordAsync(gate, order, 3, WritePriority.Next);

        first.Dispose();
        await Task.WhenAll(inLine, inLineToo, next);

        Assert.Equal([3, 1, 2], order);
    }

    [Fact]
    public async Task Next_Turns_That_Have_Held_The_Writer_Beyond_Their_Share_Wait_For_Those_In_Line()
    {
        // A cold server's webhook worker, always asking for the next turn, took the writer from the API's creates
        // (they fell seconds behind): past half the writer's recent time, Next turns queue like everyone else.
        var gate = new WriteGate(enabled: true);
        var order = new List<int>();
        var clock = Stopwatch.StartNew();
        var worker = await gate.EnterAsync(None, WritePriority.Next);
        var inLine = EnterAndRecordAsync(gate, order, 1);
        var next = EnterAndRecordAsync(gate, order, 2, WritePriority.Next);
        await Task.Delay(100);

        worker.Dispose();
        await Task.WhenAll(inLine, next);

        Assert.Equal([1, 2], order);

        // The requests' turns then bring the worker's share back under half: it goes first again. Every turn so far
        // ended within the time the clock has run, so a request holding the writer longer than that is enough, however
        // much later than asked a loaded machine ran the delays above.
        var request = await gate.EnterAsync(None);
        var heldSoFar = clock.Elapsed;
        var inLineAgain = EnterAndRecordAsync(gate, order, 3);
        var nextAgain = EnterAndRecordAsync(gate, order, 4, WritePriority.Next);
        await Task.Delay(heldSoFar + TimeSpan.FromMilliseconds(100));
        request.Dispose();
        await Task.WhenAll(inLineAgain, nextAgain);

        Assert.Equal([1, 2, 4, 3], order);
    }

    [Fact]
    public async Task A_Cancelled_Wait_Throws_And_Is_Passed_Over_By_The_Next_Release()
    {
        var gate = new WriteGate(enabled: true);
        var first = await gate.EnterAsync(None);
        using var cancel = new CancellationTokenSource();
        var cancelled = gate.EnterAsync(cancel.Token).AsTask();
        var order = new List<int>();
        var after = EnterAndRecordAsync(gate, order, 1);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        first.Dispose();
        await after;

        Assert.Equal([1], order);
        // The gate is free again: nobody holds a turn the cancelled writer never took.
        Assert.True(gate.EnterAsync(None).IsCompleted);
    }

    [Fact]
    public async Task Inside_A_Held_Turn_Writes_Pass_Straight_Through_And_A_Disabled_Gate_Never_Waits()
    {
        var gate = new WriteGate(enabled: true);
        using (await gate.EnterAsync(None))
        using (gate.Hold())
        {
            Assert.True(gate.EnterAsync(None).IsCompleted);
        }

        var open = new WriteGate(enabled: false);
        using var one = await open.EnterAsync(None);
        Assert.True(open.EnterAsync(None).IsCompleted);
    }

    private static async Task EnterAndRecordAsync(WriteGate gate, List<int> order, int id, WritePriority priority = WritePriority.InLine)
    {
        using var turn = await gate.EnterAsync(None, priority);
        lock (order)
        {
            order.Add(id);
        }

        // Hold the turn a moment: a second writer inside it would show up out of order.
        await Task.Delay(5);
    }
}
