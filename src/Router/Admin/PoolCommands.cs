using System.Globalization;
using HtapRouter.PgWire.Protocol;
using HtapRouter.Router.Backends;
using HtapRouter.Router.Routing;
using HtapRouter.Router.Sessions;

namespace HtapRouter.Router.Admin;

/// <summary>
/// pgpool's SHOW POOL_* commands with pgpool 4.3's columns in pgpool's order, and PGPOOL ATTACH/DETACH NODE.
/// Every value is text, as pgpool sends them.
/// </summary>
internal static class PoolCommands
{
    public const string Version = "4.3.0 (htaprouter)";

    private static readonly string[] PoolNodesColumns =
    [
        "node_id", "hostname", "port", "status", "pg_status", "lb_weight", "role", "pg_role", "select_cnt",
        "load_balance_node", "replication_delay", "replication_state", "replication_sync_state", "last_status_change",
    ];

    private static readonly string[] BackendStatsColumns =
    [
        "node_id", "hostname", "port", "status", "role", "select_cnt", "insert_cnt", "update_cnt", "delete_cnt",
        "ddl_cnt", "other_cnt", "panic_cnt", "fatal_cnt", "error_cnt",
    ];

    private static readonly string[] HealthCheckColumns =
    [
        "node_id", "hostname", "port", "status", "role", "last_status_change", "total_count", "success_count",
        "fail_count", "skip_count", "retry_count", "average_retry_count", "max_retry_count", "max_duration",
        "min_duration", "average_duration", "last_health_check", "last_successful_health_check",
        "last_skip_health_check", "last_failed_health_check",
    ];

    private static readonly string[] ProcessesColumns =
    [
        "pool_pid", "start_time", "client_connection_count", "database", "username", "backend_connection_time",
        "pool_counter", "status",
    ];

    private static readonly string[] PoolsColumns =
    [
        "pool_pid", "start_time", "client_connection_count", "pool_id", "backend_id", "database", "username",
        "backend_connection_time", "client_connection_time", "client_disconnection_time", "client_idle_duration",
        "major", "minor", "pool_counter", "pool_backendpid", "pool_connected", "status", "load_balance_node",
    ];

    /// <summary>The columns a command returns (for Describe), without running it.</summary>
    public static IReadOnlyList<string> ColumnsOf(AdminCommandKind command) => command switch
    {
        AdminCommandKind.ShowPoolNodes => PoolNodesColumns,
        AdminCommandKind.ShowPoolVersion => ["pool_version"],
        AdminCommandKind.ShowPoolProcesses => ProcessesColumns,
        AdminCommandKind.ShowPoolPools => PoolsColumns,
        AdminCommandKind.ShowPoolBackendStats => BackendStatsColumns,
        AdminCommandKind.ShowPoolHealthCheckStats => HealthCheckColumns,
        _ => [],
    };

    public static async Task<AdminTable> RunAsync(QueryRoute route, RouterServices services, RouterSession session)
    {
        var cluster = services.Cluster;
        switch (route.Admin)
        {
            case AdminCommandKind.ShowPoolNodes:
                return Table(PoolNodesColumns, cluster.Nodes.Select(node =>
                {
                    var health = node.Health;
                    var replication = node.Replication;
                    var delay = node.IsPrimary ? 0
                        : (services.Options.DelayThresholdByTime ? replication.DelayMilliseconds : replication.DelayBytes) ?? 0;
                    return new string?[]
                    {
                        Text(node.Id), node.Host, Text(node.Port), StatusText(health.Status), health.PgStatusUp ? "up" : "down",
                        cluster.NormalizedWeight(node).ToString("F6", CultureInfo.InvariantCulture), node.Role, health.PgRole,
                        Text(node.SelectCount), session.ReadNode == node ? "true" : "false",
                        Text(delay), replication.State, replication.SyncState, Timestamp(health.LastStatusChange),
                    };
                }));

            case AdminCommandKind.ShowPoolVersion:
                return Table(["pool_version"], [[Version]]);

            case AdminCommandKind.ShowPoolBackendStats:
                return Table(BackendStatsColumns, cluster.Nodes.Select(node =>
                {
                    var stats = node.Stats;
                    return new string?[]
                    {
                        Text(node.Id), node.Host, Text(node.Port), StatusText(node.Health.Status), node.Role,
                        Text(stats.Select), Text(stats.Insert), Text(stats.Update), Text(stats.Delete), Text(stats.Ddl),
                        Text(stats.Other), "0", "0", Text(stats.Error),
                    };
                }));

            case AdminCommandKind.ShowPoolHealthCheckStats:
                return Table(HealthCheckColumns, cluster.Nodes.Select(node =>
                {
                    var stats = services.Monitor.StatsOf(node);
                    return new string?[]
                    {
                        Text(node.Id), node.Host, Text(node.Port), StatusText(node.Health.Status), node.Role,
                        Timestamp(node.Health.LastStatusChange), Text(stats.Total), Text(stats.Success), Text(stats.Fail),
                        Text(stats.Skip), Text(stats.Retry), Decimal(stats.AverageRetry), Text(stats.MaxRetry),
                        Text((long)stats.MaxDurationMs), Text((long)stats.MinDurationMs), Decimal(stats.AverageDurationMs),
                        Timestamp(stats.LastCheck), Timestamp(stats.LastSuccess), Timestamp(stats.LastSkip), Timestamp(stats.LastFailure),
                    };
                }));

            case AdminCommandKind.ShowPoolProcesses:
                return Table(ProcessesColumns, services.Sessions.Values.OrderBy(s => s.ProcessId).Select(s => new string?[]
                {
                    Text(s.ProcessId), Timestamp(services.StartedAt), "1", s.Database, s.User, Timestamp(s.ConnectedAt), "1",
                    "Execute command",
                }));

            case AdminCommandKind.ShowPoolPools:
                return Table(PoolsColumns, services.Sessions.Values.OrderBy(s => s.ProcessId).SelectMany(s =>
                    cluster.Nodes.Select(node => new string?[]
                    {
                        Text(s.ProcessId), Timestamp(services.StartedAt), "1", "0", Text(node.Id), s.Database, s.User,
                        Timestamp(s.ConnectedAt), Timestamp(s.ConnectedAt), string.Empty, "0", "3", "0", "1",
                        Text(s.Session?.BackendProcessId(node) ?? 0), s.Session?.BackendProcessId(node) is null ? "0" : "1",
                        "Execute command", s.Session?.ReadNode == node ? "1" : "0",
                    })));

            case AdminCommandKind.AttachNode:
            case AdminCommandKind.DetachNode:
                var target = cluster.Find(route.AdminNode)
                             ?? throw new PgErrorException(SqlState.InvalidParameterValue, $"node id {route.AdminNode} is not configured");
                if (route.Admin == AdminCommandKind.AttachNode)
                {
                    services.Monitor.Attach(target);
                    return AdminTable.Command("PGPOOL ATTACH NODE");
                }
                await services.Monitor.DetachAsync(target);
                return AdminTable.Command("PGPOOL DETACH NODE");

            default:
                throw new PgErrorException(SqlState.FeatureNotSupported, "unsupported router command");
        }
    }

    private static AdminTable Table(string[] columns, IEnumerable<string?[]> rows)
    {
        var list = rows.ToList();
        return new AdminTable(columns, list, "SELECT " + list.Count.ToString(CultureInfo.InvariantCulture));
    }

    private static string StatusText(BackendStatus status) => status switch
    {
        BackendStatus.Up => "up",
        BackendStatus.Down => "down",
        _ => "waiting",
    };

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Decimal(double value) => value.ToString("F6", CultureInfo.InvariantCulture);

    private static string Timestamp(DateTimeOffset? value) =>
        value is { } at && at != DateTimeOffset.MinValue ? at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : string.Empty;
}
