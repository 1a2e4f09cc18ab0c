namespace HtapRouter.Replicator.Apply;

/// <summary>
/// Committed source transactions waiting to be applied together, and the transactions still open (a plain
/// one between Begin and Commit, and streamed in-progress ones by xid). Only committed work is ever applied.
/// </summary>
internal sealed class PendingBatch
{
    private readonly Dictionary<uint, List<(uint Xid, RowChange Change)>> _streamed = [];
    private List<RowChange>? _open;

    public List<RowChange> Committed { get; } = [];

    /// <summary>
    /// The tables the node has, with the position those copied after the initial copy were copied at: their changes
    /// from transactions that committed before it are already in the copy, and are dropped.
    /// </summary>
    public KnownTables CopiedAt { get; set; } = new();

    /// <summary>The end LSN and commit time of the last committed transaction in <see cref="Committed"/>.</summary>
    public (ulong Lsn, DateTimeOffset Time)? LastCommit { get; private set; }

    public bool HasOpenTransactions => _open is not null || _streamed.Count > 0;

    public void Begin() => _open = [];

    /// <summary>Adds a change to the open transaction, or to streamed transaction <paramref name="xid"/>.</summary>
    public void Add(RowChange change, uint? xid, uint? subXid)
    {
        if (xid is { } top)
        {
            if (!_streamed.TryGetValue(top, out var changes))
            {
                _streamed[top] = changes = [];
            }

            changes.Add((subXid ?? top, change));
            return;
        }

        (_open ?? throw new InvalidOperationException("a change arrived outside a transaction")).Add(change);
    }

    public void Commit(ulong commitLsn, ulong endLsn, DateTimeOffset commitTime)
    {
        AddCommitted(_open ?? [], commitLsn);
        _open = null;
        MarkCommitted(endLsn, commitTime);
    }

    public void CommitStreamed(uint xid, ulong commitLsn, ulong endLsn, DateTimeOffset commitTime)
    {
        if (_streamed.Remove(xid, out var changes))
        {
            AddCommitted(changes.Select(c => c.Change), commitLsn);
        }

        MarkCommitted(endLsn, commitTime);
    }

    /// <summary>A streamed transaction, or one of its subtransactions, rolled back: its changes are dropped.</summary>
    public void AbortStreamed(uint xid, uint subXid)
    {
        if (xid == subXid)
        {
            _streamed.Remove(xid);
        }
        else if (_streamed.TryGetValue(xid, out var changes))
        {
            changes.RemoveAll(c => c.Xid == subXid);
        }
    }

    public void Clear()
    {
        Committed.Clear();
        LastCommit = null;
    }

    private void AddCommitted(IEnumerable<RowChange> changes, ulong commitLsn)
    {
        foreach (var change in changes)
        {
            if (change.Kind != ChangeKind.Truncate)
            {
                if (!InCopy(change.Table, commitLsn))
                {
                    Committed.Add(change.Kind == ChangeKind.Relation ? change with { CommitLsn = commitLsn } : change);
                }

                continue;
            }

            var truncated = change.Truncated!.Where(t => !InCopy(t, commitLsn)).ToList();
            if (truncated.Count > 0)
            {
                Committed.Add(change with { Table = truncated[0], Truncated = truncated });
            }
        }
    }

    private bool InCopy(Schema.ReplicatedTable table, ulong commitLsn) =>
        CopiedAt.TryGet(table.RelationId, table.DuckSchema, table.Name, out var copiedAt) && commitLsn < copiedAt;

    private void MarkCommitted(ulong endLsn, DateTimeOffset commitTime)
    {
        LastCommit = (endLsn, commitTime);
    }
}
