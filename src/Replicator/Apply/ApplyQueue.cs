namespace HtapRouter.Replicator.Apply;

/// <summary>
/// Committed source transactions on their way from the stream reader to the applier, which runs beside it: while
/// DuckDB applies one batch, the reader decodes the next. Whatever committed while a batch was applied becomes the
/// next batch (group commit), so a quiet stream's transaction is applied as soon as it commits, and a backlog is
/// applied in batches as large as the time the last one took lets them grow, up to a bound past which the reader
/// waits.
/// </summary>
/// <remarks>
/// Batches are taken and applied one at a time, in commit order; a batch's position is reported only by the
/// callback that applied it, after its DuckDB commit. A failed apply leaves the queue busy for good, so that nothing
/// (see <see cref="IsIdle"/>) reports a position past the batch that failed.
/// </remarks>
internal sealed class ApplyQueue : IDisposable
{
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _ready = new(0, int.MaxValue);
    private readonly SemaphoreSlim _room = new(0, 1);
    private List<RowChange> _waiting = [];

    /// <summary>The list the applier last returned, reused for the next batch so that batches allocate nothing.</summary>
    private List<RowChange> _spare = [];

    private (ulong Lsn, DateTimeOffset Time)? _last;
    private DateTime _oldestUtc;
    private bool _applying;

    /// <summary>Nothing waits and nothing is being applied: every transaction handed over is committed in DuckDB.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_lock)
            {
                return _last is null && !_applying;
            }
        }
    }

    /// <summary>
    /// Hands over the changes of transactions that committed, up to <paramref name="last"/> (copied: the caller
    /// reuses its list). When <paramref name="maxWaiting"/> changes or more already wait, it first waits for the
    /// applier to take them, which bounds the memory a backlog takes.
    /// </summary>
    public async Task AddAsync(List<RowChange> changes, (ulong Lsn, DateTimeOffset Time) last, int maxWaiting,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_lock)
            {
                if (_waiting.Count < maxWaiting || _last is null)
                {
                    _waiting.AddRange(changes);
                    if (_last is null)
                    {
                        _oldestUtc = DateTime.UtcNow;
                    }

                    _last = last;
                    _ready.Release();
                    return;
                }
            }

            await _room.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Applies batches until cancelled or until <paramref name="apply"/> fails: each time, everything handed over
    /// since the last batch was taken, once <paramref name="minDelay"/> has passed since the first of it arrived.
    /// </summary>
    public async Task RunAsync(Func<List<RowChange>, (ulong Lsn, DateTimeOffset Time), CancellationToken, Task> apply, TimeSpan minDelay,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            await _ready.WaitAsync(cancellationToken);
            if (minDelay > TimeSpan.Zero && OldestWait() is { } waited && waited < minDelay)
            {
                await Task.Delay(minDelay - waited, cancellationToken);
            }

            List<RowChange> batch;
            (ulong Lsn, DateTimeOffset Time) last;
            lock (_lock)
            {
                if (_last is not { } handed)
                {
                    continue; // a signal for work an earlier batch already took
                }

                batch = _waiting;
                _waiting = _spare;
                last = handed;
                _last = null;
                _applying = true;
                if (_room.CurrentCount == 0)
                {
                    _room.Release();
                }
            }

            await apply(batch, last, cancellationToken);
            batch.Clear();
            lock (_lock)
            {
                _spare = batch;
                _applying = false;
            }
        }
    }

    public void Dispose()
    {
        _ready.Dispose();
        _room.Dispose();
    }

    private TimeSpan? OldestWait()
    {
        lock (_lock)
        {
            return _last is null ? null : DateTime.UtcNow - _oldestUtc;
        }
    }
}
