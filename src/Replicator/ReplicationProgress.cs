using System.Collections.Immutable;

namespace HtapRouter.Replicator;

/// <summary>
/// Where the applied data stands, shared by the replicator (which moves it) and the node (which reports it as
/// pg_last_wal_replay_lsn() and pg_last_xact_replay_timestamp()). Thread-safe; reads are lock-free.
/// </summary>
public sealed class ReplicationProgress
{
    private long _appliedLsn;
    private long _lastCommitTicks;
    private long _receivedLsn;
    private long _changesApplied;
    private long _schemaVersion;

    /// <summary>The primary's LSN up to which changes are applied and committed in DuckDB; null before any.</summary>
    public ulong? AppliedLsn => Volatile.Read(ref _appliedLsn) is var lsn and not 0 ? unchecked((ulong)lsn) : null;

    /// <summary>The commit time, on the primary, of the last transaction applied; null before any.</summary>
    public DateTimeOffset? LastCommitTime =>
        Volatile.Read(ref _lastCommitTicks) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>The primary's WAL position last reported to the stream (data or keepalive); null before any.</summary>
    public ulong? ReceivedLsn => Volatile.Read(ref _receivedLsn) is var lsn and not 0 ? unchecked((ulong)lsn) : null;

    /// <summary>Row changes applied by streaming since the node started (the initial copy not included).</summary>
    public long ChangesApplied => Volatile.Read(ref _changesApplied);

    /// <summary>Records a DuckDB commit that applied <paramref name="changes"/> row changes, up to <paramref name="lsn"/>.</summary>
    public void Applied(ulong lsn, DateTimeOffset? lastCommitTime, int changes = 0)
    {
        if (lastCommitTime is { } time)
        {
            Volatile.Write(ref _lastCommitTicks, time.UtcTicks);
        }

        Interlocked.Add(ref _changesApplied, changes);
        Volatile.Write(ref _appliedLsn, unchecked((long)lsn));
    }

    /// <summary>
    /// Counts the committed changes to the file's tables (created, copied, altered, renamed, dropped), so that readers
    /// of the schema re-read it only when it changed; the applied LSN also moves for data and keepalives.
    /// </summary>
    public long SchemaVersion => Volatile.Read(ref _schemaVersion);

    /// <summary>Records that a DuckDB commit changed tables; call after the commit, never before.</summary>
    public void SchemaChanged() => Interlocked.Increment(ref _schemaVersion);

    /// <summary>Records how far the primary's WAL is known to reach.</summary>
    public void Received(ulong lsn) => Volatile.Write(ref _receivedLsn, unchecked((long)lsn));

    private System.Collections.Immutable.ImmutableDictionary<string, Sync.SyncTableProgress> _sync =
        System.Collections.Immutable.ImmutableDictionary<string, Sync.SyncTableProgress>.Empty;

    /// <summary>The initial copy's progress per table, while and after it runs.</summary>
    public IReadOnlyCollection<Sync.SyncTableProgress> SyncTables => Volatile.Read(ref _sync).Values.ToList();

    internal void ReportSync(Sync.SyncTableProgress table) =>
        ImmutableInterlocked.Update(ref _sync, static (all, t) => all.SetItem(t.Table, t), table);

    /// <summary>An LSN as PostgreSQL prints pg_lsn: high and low 32 bits in hex, "16/B374D848".</summary>
    public static string FormatLsn(ulong lsn) => $"{lsn >> 32:X}/{lsn & 0xFFFFFFFF:X}";
}
