using System.Globalization;
using HtapRouter.PgWire.Http;
using HtapRouter.Replicator;
using HtapRouter.Replicator.Sync;

namespace HtapRouter.AnalyticNode.Http;

/// <summary>
/// The node's Prometheus metrics: what it knows of its own replication (applied and received positions, the
/// last applied commit, changes applied, the initial copy per table) and its sessions. Values it does not know
/// yet are left out rather than given as 0.
/// </summary>
internal static class NodeMetricsText
{
    public static string Write(ReplicationProgress progress, int sessions, int maxSessions, DateTimeOffset now)
    {
        var text = new PrometheusText();
        if (progress.AppliedLsn is { } applied)
        {
            text.Family("htap_node_replication_applied_lsn", "gauge", "The primary's LSN up to which changes are applied in DuckDB (pg_last_wal_replay_lsn).")
                .Sample("htap_node_replication_applied_lsn", applied);
        }
        if (progress.ReceivedLsn is { } received)
        {
            text.Family("htap_node_replication_received_lsn", "gauge", "The primary's WAL end last reported to the replication stream.")
                .Sample("htap_node_replication_received_lsn", received);
        }
        if (progress is { AppliedLsn: { } a, ReceivedLsn: { } r })
        {
            text.Family("htap_node_replication_lag_bytes", "gauge", "WAL the primary has reported but the node has not applied, in bytes.")
                .Sample("htap_node_replication_lag_bytes", r > a ? r - a : 0);
        }
        if (progress.LastCommitTime is { } commit)
        {
            text.Family("htap_node_replication_last_commit_timestamp_seconds", "gauge", "Commit time on the primary of the last transaction applied, Unix seconds.")
                .Sample("htap_node_replication_last_commit_timestamp_seconds", commit.ToUnixTimeMilliseconds() / 1000.0);
            text.Family("htap_node_replication_seconds_since_last_commit", "gauge",
                    "Seconds since the primary committed the last transaction applied (replication lag while changes are pending, idle time otherwise).")
                .Sample("htap_node_replication_seconds_since_last_commit", Math.Max(0, (now - commit).TotalSeconds));
        }
        text.Family("htap_node_replication_changes_applied_total", "counter", "Row changes applied by streaming replication since the node started; rate() of it is the apply rate.")
            .Sample("htap_node_replication_changes_applied_total", progress.ChangesApplied);

        var tables = progress.SyncTables.OrderBy(t => t.Table, StringComparer.Ordinal).ToList();
        SyncFamily(text, tables, "htap_node_sync_rows_copied", "Rows the initial copy has copied, per table.", t => t.RowsCopied);
        SyncFamily(text, tables, "htap_node_sync_rows_estimated", "Rows the primary was estimated to hold when the table's initial copy started.", t => t.EstimatedRows);
        SyncFamily(text, tables, "htap_node_sync_done", "1 when the table's initial copy has finished.", t => t.Done ? 1 : 0);

        text.Family("htap_node_sessions", "gauge", "Client sessions open now.").Sample("htap_node_sessions", sessions);
        text.Family("htap_node_sessions_max", "gauge", "Client sessions allowed at once (Node:MaxConnections).").Sample("htap_node_sessions_max", maxSessions);
        RuntimeMetrics.Write(text);
        return text.ToString();
    }

    private static void SyncFamily(PrometheusText text, List<SyncTableProgress> tables, string name, string help,
        Func<SyncTableProgress, double> value)
    {
        if (tables.Count == 0)
        {
            return;
        }
        text.Family(name, "gauge", help);
        foreach (var table in tables)
        {
            text.Sample(name, value(table), ("table", table.Table));
        }
    }
}
