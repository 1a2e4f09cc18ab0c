using System.Text.Json;
using System.Text.Json.Serialization;
using HtapRouter.Router.Backends;
using HtapRouter.Router.Monitoring;

namespace HtapRouter.Router.Http;

/// <summary>What the status page and GET /api/status show: every node, and the router's connections.</summary>
/// <param name="Time">When the snapshot was taken.</param>
/// <param name="Nodes">The backends in id order.</param>
/// <param name="ClientConnections">Clients connected now.</param>
/// <param name="ClientConnectionsTotal">Clients let in since start.</param>
/// <param name="ClientConnectionsRefused">Clients refused since start (num_init_children reached).</param>
/// <param name="BackendConnectionsOpen">Backend connections open, in use or idle.</param>
/// <param name="BackendConnectionsIdle">Backend connections idle in the pool.</param>
/// <param name="Fallbacks">Reads run again on the primary after failing on a standby.</param>
public sealed record RouterStatus(DateTimeOffset Time, IReadOnlyList<NodeStatus> Nodes, long ClientConnections, long ClientConnectionsTotal,
    long ClientConnectionsRefused, int BackendConnectionsOpen, int BackendConnectionsIdle, long Fallbacks)
{
    public static RouterStatus Of(BackendCluster cluster, RouterMetrics metrics, NodeMonitor monitor, BackendPool pool, DateTimeOffset now) => new(
        now,
        [.. cluster.Nodes.Select(n => NodeStatus.Of(n, cluster, metrics, monitor.StatsOf(n)))],
        metrics.ClientConnections, metrics.ClientConnectionsTotal, metrics.RefusedConnections,
        pool.OpenConnections, pool.IdleConnections, metrics.Fallbacks);
}

/// <summary>One backend as the status page shows it.</summary>
/// <param name="Id">backend_id.</param>
/// <param name="Host">The configured host.</param>
/// <param name="Port">The configured port.</param>
/// <param name="Role">primary or standby.</param>
/// <param name="Status">up, down or waiting, as SHOW POOL_NODES prints it.</param>
/// <param name="Weight">The configured weight.</param>
/// <param name="LbWeight">The weight normalised to add up to 1, as SHOW POOL_NODES prints lb_weight.</param>
/// <param name="SelectCount">SHOW POOL_NODES' select_cnt.</param>
/// <param name="Reads">Statements routed to the node as reads.</param>
/// <param name="Writes">Statements routed to the node as writes.</param>
/// <param name="Fallbacks">Reads that failed on the node and were run again on the primary.</param>
/// <param name="HealthChecks">Health checks run.</param>
/// <param name="HealthCheckFailures">Health checks that failed.</param>
/// <param name="DelayBytes">Replication delay in bytes; null when not measured.</param>
/// <param name="DelaySeconds">Replication delay in seconds; null when not known.</param>
/// <param name="ReplicationState">The primary's pg_stat_replication.state for the node, or empty.</param>
/// <param name="LastStatusChange">When the node's status last changed.</param>
public sealed record NodeStatus(int Id, string Host, int Port, string Role, string Status, double Weight, double LbWeight, long SelectCount,
    long Reads, long Writes, long Fallbacks, long HealthChecks, long HealthCheckFailures, long? DelayBytes, double? DelaySeconds,
    string ReplicationState, DateTimeOffset LastStatusChange)
{
    public static NodeStatus Of(BackendNode node, BackendCluster cluster, RouterMetrics metrics, HealthCheckStats checks)
    {
        var replication = node.Replication;
        return new(node.Id, node.Host, node.Port, node.Role, node.Health.Status.ToString().ToLowerInvariant(), node.Options.Weight,
            cluster.NormalizedWeight(node), node.SelectCount, RouterMetrics.Reads(node), metrics.Writes(node), node.FallbackCount,
            checks.Total, checks.Fail, replication.DelayBytes, replication.DelayMilliseconds / 1000.0, replication.State,
            node.Health.LastStatusChange);
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RouterStatus))]
internal sealed partial class RouterStatusJson : JsonSerializerContext;
