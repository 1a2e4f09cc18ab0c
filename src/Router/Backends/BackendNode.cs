using HtapRouter.Router.Configuration;

namespace HtapRouter.Router.Backends;

/// <summary>pgpool's view of a backend: up, down, waiting (up but not yet used) or unused (not configured).</summary>
public enum BackendStatus
{
    Waiting,
    Up,
    Down,
}

/// <summary>
/// One configured backend and everything the router knows about it: its status, what the monitors measured and
/// the counters SHOW POOL_NODES and SHOW POOL_BACKEND_STATS report. Read and written from many sessions at once;
/// counters are updated with interlocked operations, measurements replaced whole.
/// </summary>
public sealed class BackendNode
{
    private long _selectCount;
    private long _insertCount;
    private long _updateCount;
    private long _deleteCount;
    private long _ddlCount;
    private long _otherCount;
    private long _errorCount;
    private long _fallbackCount;
    private volatile NodeHealth _health;
    private volatile ReplicationSnapshot _replication = ReplicationSnapshot.Unknown;

    public BackendNode(BackendOptions options, bool isPrimary)
    {
        Options = options;
        IsPrimary = isPrimary;
        _health = new NodeHealth(BackendStatus.Waiting, PgStatusUp: false, PgRole: isPrimary ? "primary" : "standby", DateTimeOffset.Now);
    }

    public BackendOptions Options { get; }

    public int Id => Options.Id;

    /// <summary>The node's position in <see cref="BackendCluster.Nodes"/>, for per-node arrays.</summary>
    public int Index { get; internal set; }

    public string Host => Options.Host;

    public int Port => Options.Port;

    /// <summary>The role the router gives the node: node 0 is the primary (pgpool's streaming-replication mode).</summary>
    public bool IsPrimary { get; }

    public string Role => IsPrimary ? "primary" : "standby";

    public NodeHealth Health => _health;

    /// <summary>Whether the node may be given work: up or not yet tried. A node marked down gets nothing.</summary>
    public bool IsUsable => _health.Status != BackendStatus.Down;

    /// <summary>The latest replication measurement (sr_check).</summary>
    public ReplicationSnapshot Replication
    {
        get => _replication;
        set => _replication = value;
    }

    public long SelectCount => Interlocked.Read(ref _selectCount);

    public long FallbackCount => Interlocked.Read(ref _fallbackCount);

    /// <summary>Marks the node up after a successful connection or check; returns true when its status changed.</summary>
    public bool MarkUp(string? pgRole = null)
    {
        var current = _health;
        var role = pgRole ?? current.PgRole;
        if (current.Status == BackendStatus.Up && current.PgStatusUp && role == current.PgRole)
        {
            return false;
        }

        var changed = current.Status != BackendStatus.Up;
        _health = new NodeHealth(BackendStatus.Up, true, role, changed ? DateTimeOffset.Now : current.LastStatusChange);
        return changed;
    }

    /// <summary>Marks the node down (failed health check, failed connection or PGPOOL DETACH NODE).</summary>
    public bool MarkDown(bool detached = false)
    {
        var current = _health;
        if (current.Status == BackendStatus.Down && current.Detached == detached)
        {
            return false;
        }

        _health = new NodeHealth(BackendStatus.Down, false, current.PgRole, DateTimeOffset.Now, detached);
        return true;
    }

    public void CountSelect() => Interlocked.Increment(ref _selectCount);

    public void CountFallback() => Interlocked.Increment(ref _fallbackCount);

    /// <summary>Counts a statement the node ran, by kind, for SHOW POOL_BACKEND_STATS.</summary>
    public void CountStatement(StatementTally kind)
    {
        switch (kind)
        {
            case StatementTally.Select: Interlocked.Increment(ref _selectCount); break;
            case StatementTally.Insert: Interlocked.Increment(ref _insertCount); break;
            case StatementTally.Update: Interlocked.Increment(ref _updateCount); break;
            case StatementTally.Delete: Interlocked.Increment(ref _deleteCount); break;
            case StatementTally.Ddl: Interlocked.Increment(ref _ddlCount); break;
            default: Interlocked.Increment(ref _otherCount); break;
        }
    }

    public void CountError() => Interlocked.Increment(ref _errorCount);

    public BackendStats Stats => new(
        Interlocked.Read(ref _selectCount), Interlocked.Read(ref _insertCount), Interlocked.Read(ref _updateCount),
        Interlocked.Read(ref _deleteCount), Interlocked.Read(ref _ddlCount), Interlocked.Read(ref _otherCount),
        Interlocked.Read(ref _errorCount));

    public override string ToString() => $"node {Id} ({Host}:{Port})";
}

/// <summary>A node's status as last decided, with when it last changed.</summary>
/// <param name="Status">pgpool's status: up, down or waiting.</param>
/// <param name="PgStatusUp">Whether the node answered when last tried (pg_status).</param>
/// <param name="PgRole">The role the node claims (pg_role): primary or standby.</param>
/// <param name="LastStatusChange">When <paramref name="Status"/> last changed.</param>
/// <param name="Detached">Down by an administrator (PGPOOL DETACH NODE): health checks do not bring it back.</param>
public sealed record NodeHealth(BackendStatus Status, bool PgStatusUp, string PgRole, DateTimeOffset LastStatusChange, bool Detached = false);

/// <summary>
/// One replication measurement: the node's position and, for a standby, how far behind the primary it is.
/// </summary>
/// <param name="Lsn">pg_current_wal_lsn() on the primary, pg_last_wal_replay_lsn() on a standby; 0 when unknown.</param>
/// <param name="DelayBytes">Primary position minus this node's, never negative; null when not measured.</param>
/// <param name="DelayMilliseconds">How long ago the primary committed what this node has not applied; null when unknown.</param>
/// <param name="State">The primary's pg_stat_replication.state for this node's application_name, or empty.</param>
/// <param name="SyncState">The primary's pg_stat_replication.sync_state for it, or empty.</param>
/// <param name="MeasuredAt">When the measurement was taken.</param>
public sealed record ReplicationSnapshot(ulong Lsn, long? DelayBytes, long? DelayMilliseconds, string State, string SyncState, DateTimeOffset MeasuredAt)
{
    public static readonly ReplicationSnapshot Unknown = new(0, null, null, string.Empty, string.Empty, DateTimeOffset.MinValue);
}

/// <summary>Per-node statement counts (SHOW POOL_BACKEND_STATS).</summary>
public readonly record struct BackendStats(long Select, long Insert, long Update, long Delete, long Ddl, long Other, long Error);

/// <summary>The SHOW POOL_BACKEND_STATS bucket a statement counts in.</summary>
public enum StatementTally
{
    Select,
    Insert,
    Update,
    Delete,
    Ddl,
    Other,
}
