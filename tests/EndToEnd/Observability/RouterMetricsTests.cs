using System.Globalization;
using System.Net;
using System.Text.Json;
using HtapRouter.TestSupport.Clients;

namespace HtapRouter.EndToEnd.Tests.Observability;

[Trait("Category", "Observability")]
public sealed class RouterMetricsTests(ObservedCluster cluster) : IClassFixture<ObservedCluster>
{
    private static readonly string[] NodeMetrics =
    [
        "htap_router_node_select_cnt", "htap_router_node_reads_total", "htap_router_node_writes_total", "htap_router_node_fallbacks_total",
        "htap_router_node_health_checks_total", "htap_router_node_health_check_failures_total", "htap_router_node_up",
        "htap_router_node_replication_delay_bytes", "htap_router_node_replication_delay_seconds", "htap_router_node_lb_weight",
    ];

    [Fact]
    public async Task Metrics_AfterReadsAndWrites_MatchShowPoolNodes()
    {
        for (var i = 0; i < 5; i++)
        {
            await Psql.QueryAsync(cluster.Client, "SELECT count(*) FROM items");
        }
        await Psql.QueryAsync(cluster.Client, "INSERT INTO items VALUES (1000 + (random() * 100000)::int, 'x') ON CONFLICT DO NOTHING");
        var node0 = await cluster.PoolNodeAsync(0);
        var node1 = await cluster.PoolNodeAsync(1);

        using var http = new HttpClient { BaseAddress = cluster.BaseAddress };
        using var response = await http.GetAsync(new Uri("metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var metrics = new PrometheusSamples(await response.Content.ReadAsStringAsync());

        foreach (var name in NodeMetrics)
        {
            Assert.Contains($"# TYPE {name} ", metrics.Text, StringComparison.Ordinal);
            Assert.Contains($"# HELP {name} ", metrics.Text, StringComparison.Ordinal);
        }
        Assert.Equal(long.Parse(node0["select_cnt"], CultureInfo.InvariantCulture), metrics.Value("htap_router_node_select_cnt", 0));
        Assert.Equal(long.Parse(node1["select_cnt"], CultureInfo.InvariantCulture), metrics.Value("htap_router_node_select_cnt", 1));
        // Reads go to the standby unless its measured delay is over delay_threshold at that moment: count both nodes.
        Assert.True(metrics.Value("htap_router_node_reads_total", 0) + metrics.Value("htap_router_node_reads_total", 1) >= 5, metrics.Text);
        Assert.True(metrics.Value("htap_router_node_writes_total", 0) >= 1, metrics.Text);
        Assert.Equal(0, metrics.Value("htap_router_node_writes_total", 1));
        Assert.Equal(1, metrics.Value("htap_router_node_up", 0));
        Assert.Equal(1, metrics.Value("htap_router_node_up", 1));
        Assert.Equal(double.Parse(node1["lb_weight"], CultureInfo.InvariantCulture), metrics.Value("htap_router_node_lb_weight", 1), 6);
        Assert.True(metrics.Value("htap_router_node_health_checks_total", 1) >= 1, metrics.Text);
        Assert.Equal(0, metrics.Value("htap_router_node_health_check_failures_total", 1));
        Assert.Equal(new Dictionary<string, string>
        {
            ["node_id"] = "1", ["host"] = "127.0.0.1", ["port"] = cluster.StandbyPort.ToString(CultureInfo.InvariantCulture), ["role"] = "standby",
        }, metrics.Labels("htap_router_node_up", 1));
        Assert.True(metrics.Value("htap_router_client_connections_total") >= 7, metrics.Text);
        Assert.Equal(0, metrics.Value("htap_router_client_connections_refused_total"));
        Assert.True(metrics.Value("htap_router_backend_connections_open") >= metrics.Value("htap_router_backend_connections_idle"), metrics.Text);

        // The process's own figures: it has run, allocated and collected, and one scrape later it has used more CPU.
        Assert.True(metrics.Value("process_cpu_seconds_total") > 0, metrics.Text);
        Assert.True(metrics.Value("process_resident_memory_bytes") > 1 << 20, metrics.Text);
        Assert.True(metrics.Value("dotnet_gc_allocated_bytes_total") > 0, metrics.Text);
        Assert.True(metrics.Value("dotnet_gc_heap_bytes") > 0, metrics.Text);
        Assert.Contains("dotnet_gc_collections_total{generation=\"0\"}", metrics.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiStatus_Get_ListsBothNodesWithTheirCounts()
    {
        using var http = new HttpClient { BaseAddress = cluster.BaseAddress };
        using var status = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/status", UriKind.Relative)));

        var nodes = status.RootElement.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal([0, 1], nodes.Select(n => n.GetProperty("id").GetInt32()));
        Assert.Equal(["primary", "standby"], nodes.Select(n => n.GetProperty("role").GetString()));
        Assert.Equal(cluster.StandbyPort, nodes[1].GetProperty("port").GetInt32());
        Assert.True(nodes[1].TryGetProperty("selectCount", out _));
    }

    [Fact]
    public async Task UnknownPath_Get_IsNotFound()
    {
        using var http = new HttpClient { BaseAddress = cluster.BaseAddress };
        using var response = await http.GetAsync(new Uri("nothing-here", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
