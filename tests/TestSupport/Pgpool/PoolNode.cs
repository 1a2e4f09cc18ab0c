using System.Globalization;

namespace HtapRouter.TestSupport.Pgpool;

/// <summary>One row of pgpool's SHOW POOL_NODES: a backend as pgpool sees it.</summary>
/// <param name="NodeId">The backend's number in pgpool.conf.</param>
/// <param name="Hostname">backend_hostname.</param>
/// <param name="Port">backend_port.</param>
/// <param name="Status">pgpool's view: <c>up</c>, <c>down</c>, <c>waiting</c> or <c>unused</c>.</param>
/// <param name="PgStatus">What pgpool found when it last connected: <c>up</c> or <c>down</c>.</param>
/// <param name="Weight">lb_weight: backend_weight normalised so that the weights add up to 1.</param>
/// <param name="Role">The role pgpool assigned: <c>primary</c> or <c>standby</c>.</param>
/// <param name="PgRole">The role the backend claims now, from pg_is_in_recovery().</param>
/// <param name="SelectCount">select_cnt: SELECTs load-balanced to this backend since pgpool started.</param>
/// <param name="LoadBalanceNode">Whether this session's SELECTs go to this backend.</param>
/// <param name="ReplicationDelay">
/// replication_delay as printed: bytes of WAL behind the primary by default, measured by the sr_check worker.
/// </param>
/// <param name="ReplicationState">
/// The state (<c>streaming</c>, …) of the primary's pg_stat_replication row whose application_name is the backend's
/// backend_application_name; empty when there is none.
/// </param>
/// <param name="ReplicationSyncState">That row's sync_state (<c>async</c>, <c>sync</c>, …); empty when there is none.</param>
public sealed record PoolNode(
    int NodeId,
    string Hostname,
    int Port,
    string Status,
    string PgStatus,
    double Weight,
    string Role,
    string PgRole,
    long SelectCount,
    bool LoadBalanceNode,
    string ReplicationDelay,
    string ReplicationState,
    string ReplicationSyncState)
{
    /// <summary>The delay as a number of bytes, or null when pgpool printed something else (such as seconds).</summary>
    public long? ReplicationDelayBytes =>
        long.TryParse(ReplicationDelay, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : null;

    /// <summary>Reads a row of <see cref="PgpoolServer.ShowAsync"/>'s SHOW POOL_NODES by column name.</summary>
    public static PoolNode FromRow(IReadOnlyDictionary<string, string> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        string Column(string name) =>
            row.TryGetValue(name, out var value) ? value : throw new FormatException($"SHOW POOL_NODES has no column '{name}'.");

        return new PoolNode(
            int.Parse(Column("node_id"), CultureInfo.InvariantCulture),
            Column("hostname"),
            int.Parse(Column("port"), CultureInfo.InvariantCulture),
            Column("status"),
            Column("pg_status"),
            double.Parse(Column("lb_weight"), CultureInfo.InvariantCulture),
            Column("role"),
            Column("pg_role"),
            long.Parse(Column("select_cnt"), CultureInfo.InvariantCulture),
            Column("load_balance_node") == "true",
            Column("replication_delay"),
            Column("replication_state"),
            Column("replication_sync_state"));
    }
}
