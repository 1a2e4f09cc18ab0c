using HtapRouter.PgWire.Types;
using HtapRouter.Replicator.Apply;
using HtapRouter.Replicator.Schema;

namespace HtapRouter.Replicator.Tests.Apply;

/// <summary>
/// The hand-over between the stream reader and the applier: batches in commit order, group commit while the applier
/// is busy, the reader held back when a full batch waits, and no idle state after a failed apply.
/// </summary>
public sealed class ApplyQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static readonly ReplicatedTable Table = new(1, "public", "t",
        [new ReplicatedColumn("id", PgTypeOid.Int4, -1, IsKey: true, new ColumnType("INTEGER"), NotNull: true)], IdentityFull: false);

    [Fact]
    public async Task RunAsync_TransactionsCommittedWhileBusy_FormTheNextBatchInCommitOrder()
    {
        using var queue = new ApplyQueue();
        using var stop = new CancellationTokenSource();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batches = new List<(List<int> Ids, ulong Lsn)>();
        var applier = queue.RunAsync(async (changes, last, _) =>
        {
            lock (batches)
            {
                batches.Add((changes.Select(c => int.Parse(c.NewValues![0]!, System.Globalization.CultureInfo.InvariantCulture)).ToList(), last.Lsn));
            }

            first.TrySetResult();
            await release.Task;
        }, TimeSpan.Zero, stop.Token);

        await queue.AddAsync(Changes(1), (10, DateTimeOffset.UnixEpoch), 100, stop.Token);
        await first.Task.WaitAsync(Patience);
        Assert.False(queue.IsIdle);
        await queue.AddAsync(Changes(2, 3), (20, DateTimeOffset.UnixEpoch), 100, stop.Token);
        await queue.AddAsync(Changes(4), (30, DateTimeOffset.UnixEpoch), 100, stop.Token);
        release.SetResult();
        await WaitUntilAsync(() => queue.IsIdle);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => applier);
        Assert.Equal(2, batches.Count);
        Assert.Equal([1], batches[0].Ids);
        Assert.Equal(10UL, batches[0].Lsn);
        Assert.Equal([2, 3, 4], batches[1].Ids);
        Assert.Equal(30UL, batches[1].Lsn);
    }

    [Fact]
    public async Task AddAsync_FullBatchWaiting_WaitsUntilTheApplierTakesIt()
    {
        using var queue = new ApplyQueue();
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var applier = queue.RunAsync(async (_, _, _) =>
        {
            started.TrySetResult();
            await release.Task;
        }, TimeSpan.Zero, stop.Token);

        await queue.AddAsync(Changes(1), (10, DateTimeOffset.UnixEpoch), 2, stop.Token);
        await started.Task.WaitAsync(Patience);
        await queue.AddAsync(Changes(2, 3), (20, DateTimeOffset.UnixEpoch), 2, stop.Token);
        var held = queue.AddAsync(Changes(4), (30, DateTimeOffset.UnixEpoch), 2, stop.Token);
        await Task.Delay(200);
        Assert.False(held.IsCompleted);

        release.SetResult();
        await held.WaitAsync(Patience);
        await WaitUntilAsync(() => queue.IsIdle);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => applier);
    }

    [Fact]
    public async Task RunAsync_ApplyFails_EndsWithItsErrorAndNeverTurnsIdle()
    {
        using var queue = new ApplyQueue();
        var applier = queue.RunAsync((_, _, _) => throw new InvalidOperationException("apply failed"), TimeSpan.Zero, CancellationToken.None);

        await queue.AddAsync(Changes(1), (10, DateTimeOffset.UnixEpoch), 100, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => applier.WaitAsync(Patience));
        Assert.Equal("apply failed", error.Message);
        Assert.False(queue.IsIdle);
    }

    [Fact]
    public async Task RunAsync_WithMinDelay_GathersTransactionsCommittedWithinIt()
    {
        using var queue = new ApplyQueue();
        using var stop = new CancellationTokenSource();
        var sizes = new List<int>();
        var applier = queue.RunAsync((changes, _, _) =>
        {
            lock (sizes)
            {
                sizes.Add(changes.Count);
            }

            return Task.CompletedTask;
        }, TimeSpan.FromMilliseconds(500), stop.Token);

        await queue.AddAsync(Changes(1), (10, DateTimeOffset.UnixEpoch), 100, stop.Token);
        await queue.AddAsync(Changes(2), (20, DateTimeOffset.UnixEpoch), 100, stop.Token);
        await WaitUntilAsync(() => queue.IsIdle);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => applier);

        Assert.Equal([2], sizes);
    }

    private static List<RowChange> Changes(params int[] ids) =>
        [.. ids.Select(id => new RowChange(ChangeKind.Insert, Table, [id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))];

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the queue did not get there in time");
            await Task.Delay(10);
        }
    }
}
