using HtapRouter.PgWire.Http;

namespace HtapRouter.Router.Http;

/// <summary>The router's Prometheus metrics, from one <see cref="RouterStatus"/> snapshot.</summary>
internal static class RouterMetricsText
{
    public static string Write(RouterStatus status)
    {
        var text = new PrometheusText();
        NodeFamily(text, status, "htap_router_node_select_cnt", "counter", "SELECTs the node ran (SHOW POOL_NODES select_cnt).", n => n.SelectCount);
        NodeFamily(text, status, "htap_router_node_reads_total", "counter", "Statements routed to the node as reads.", n => n.Reads);
        NodeFamily(text, status, "htap_router_node_writes_total", "counter", "Statements routed to the node as writes.", n => n.Writes);
        NodeFamily(text, status, "htap_router_node_fallbacks_total", "counter", "Reads that failed on the node and were run again on the primary.", n => n.Fallbacks);
        NodeFamily(text, status, "htap_router_node_health_checks_total", "counter", "Health checks of the node.", n => n.HealthChecks);
        NodeFamily(text, status, "htap_router_node_health_check_failures_total", "counter", "Health checks of the node that failed.", n => n.HealthCheckFailures);
        NodeFamily(text, status, "htap_router_node_up", "gauge", "1 when the node is up or waiting (usable), 0 when down.", n => n.Status == "down" ? 0 : 1);
        NodeFamily(text, status, "htap_router_node_replication_delay_bytes", "gauge", "How far the node's replay is behind the primary's WAL, in bytes (NaN when not measured).", n => n.DelayBytes ?? double.NaN);
        NodeFamily(text, status, "htap_router_node_replication_delay_seconds", "gauge", "How long ago the primary committed what the node has not applied (NaN when unknown).", n => n.DelaySeconds ?? double.NaN);
        NodeFamily(text, status, "htap_router_node_lb_weight", "gauge", "The node's load-balancing weight, normalised to add up to 1 (SHOW POOL_NODES lb_weight).", n => n.LbWeight);

        text.Family("htap_router_client_connections", "gauge", "Clients connected now.")
            .Sample("htap_router_client_connections", status.ClientConnections);
        text.Family("htap_router_client_connections_total", "counter", "Clients let in since the router started.")
            .Sample("htap_router_client_connections_total", status.ClientConnectionsTotal);
        text.Family("htap_router_client_connections_refused_total", "counter", "Clients refused because num_init_children were connected.")
            .Sample("htap_router_client_connections_refused_total", status.ClientConnectionsRefused);
        text.Family("htap_router_fallbacks_total", "counter", "Reads run again on the primary after failing on a standby, all nodes.")
            .Sample("htap_router_fallbacks_total", status.Fallbacks);
        text.Family("htap_router_backend_connections_open", "gauge", "Backend connections open, in use or idle.")
            .Sample("htap_router_backend_connections_open", status.BackendConnectionsOpen);
        text.Family("htap_router_backend_connections_idle", "gauge", "Backend connections idle in the pool.")
            .Sample("htap_router_backend_connections_idle", status.BackendConnectionsIdle);
        RuntimeMetrics.Write(text);
        return text.ToString();
    }

    private static void NodeFamily(PrometheusText text, RouterStatus status, string name, string type, string help, Func<NodeStatus, double> value)
    {
        text.Family(name, type, help);
        foreach (var node in status.Nodes)
        {
            text.Sample(name, value(node),
                ("node_id", node.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("host", node.Host),
                ("port", node.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("role", node.Role));
        }
    }
}
